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

# What each reminder in a bundle of reminders is.
reminder-kind-reminder = Reminder
reminder-kind-due_today = Due today
reminder-kind-overdue = Overdue
reminder-kind-escalation = Escalation
reminder-kind-ack_overdue = Not acknowledged in time
reminder-kind-report_missed = Progress report missed
