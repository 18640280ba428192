## The glossary: one word per idea, referred to by pages, e-mails, exports and sheets (see the
## vocabulary in DESIGN.md). `form` picks singular or plural, lower case or title case.
-directive = { $form ->
   *[one] directive
    [many] directives
    [title] Directive
    [titles] Directives
}
# Templates and Rust cannot name a term; they use these messages.
glossary-directive-title = { -directive(form: "title") }
