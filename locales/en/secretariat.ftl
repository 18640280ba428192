# The secretariats' pages.
secretariat-meetings-title = Meetings
secretariat-new-meeting = Enter a new meeting
secretariat-meeting = Meeting
secretariat-directive-count = { -directive(form: "titles") }
secretariat-drafts-count = { $count ->
    [one] { $count } draft
   *[other] { $count } drafts
}
secretariat-no-meetings = No meetings yet.
secretariat-form-has-errors = Some fields need correcting; see below. Everything you typed has been kept.
secretariat-meeting-facts = The meeting
secretariat-title-zh = Title (Chinese)
secretariat-title-en = Title (English)
secretariat-attendees = Attendees
secretariat-minutes = Minutes
secretariat-minutes-help = Paste the full minutes (Chinese or English). Duban drafts one { -directive } per requirement and suggests the lead and cooperating units; nothing is issued until you issue it.
secretariat-create-and-draft = Save the meeting and draft its { -directive(form: "many") }
secretariat-no-minutes = No minutes were entered.
secretariat-directives-of-meeting = { -directive(form: "titles") }
secretariat-drafts-help = { $count ->
    [one] One draft: check it, correct it, then issue it.
   *[other] { $count } drafts: check each, correct it, then issue it.
}
secretariat-completion = Completion
secretariat-no-directives = This meeting has no { -directive(form: "many") } yet.
secretariat-suggested = Suggested
secretariat-lead-unit = Lead unit
secretariat-cooperating-units = Cooperating units
secretariat-why-subject = Subject in the minutes
secretariat-why-lead = Lead because of
secretariat-why-topic = Category because of
secretariat-deadline-note = Deadline from
secretariat-confidence = Confidence in the lead
secretariat-check-lead = Check the lead unit
confidence-high = high (named in the minutes)
confidence-medium = medium (a department mentioned)
confidence-low = low (from the topic)
confidence-guess = a guess
secretariat-save-draft = Save changes
secretariat-issue = Keep and issue
secretariat-issue-help = Once issued, the text can no longer be changed.
secretariat-assign-more = Add cooperating units
secretariat-assign = Assign
secretariat-choose-lead = Choose the lead unit
secretariat-task-deadline = Deadline for the units
secretariat-assign-button = Assign
secretariat-directives-title = { -directive(form: "titles") }
secretariat-directives-found = { $count ->
    [one] { $count } { -directive }
   *[other] { $count } { -directive(form: "many") }
}
secretariat-paging = Pages
secretariat-no-directives-found = No { -directive } matches.
secretariat-directive = { -directive(form: "title") }
secretariat-issuer = Issued by
secretariat-issued-at = Issued at
secretariat-instructions = Leaders' instructions
secretariat-no-instructions = No instructions yet.
secretariat-write-instruction = Write an instruction
secretariat-figures = Progress
secretariat-as-of = As of
secretariat-completion-rate = Completion rate
secretariat-on-time-rate = On-time rate
secretariat-all-levels = All levels
secretariat-task-tree = Tasks
secretariat-role = Role
secretariat-progress = Progress
secretariat-list-separator = {", "}
secretariat-error-title = Give the meeting a title.
secretariat-error-held-on = Give the date of the meeting as YYYY-MM-DD.
secretariat-error-minutes = Paste the minutes.
secretariat-error-edit = The draft was not saved; correct it and save again. What you typed is kept.
notice-secretariat-saved = The draft is saved.
notice-secretariat-issued = The { -directive } is issued; now assign its lead and cooperating units.
notice-secretariat-assigned = Assigned; the units will be notified.
notice-secretariat-drafted = The meeting is saved and its { -directive(form: "many") } drafted; check each one.
notice-secretariat-no-drafts = The meeting is saved; the minutes ask nothing of anyone, so nothing was drafted.

# The one unit picker of a page, and assignment to several leads at once
picker-title = Choose units
picker-filter = Filter units
picker-filter-hint = A name, or pinyin initials such as jjs
picker-filter-button = Filter
picker-show-all = Show all
picker-shown = { $shown } of { $total } units you may assign to
picker-unit = Unit
picker-lead = Lead
picker-cooperating = Cooperating
picker-none = No unit matches the filter.
picker-help = Tick several leads and each leads a task of its own (every city for its own area); a cooperating unit ticked works with the lead it belongs to (a city's police with its city), one under no lead with the { -directive } as a whole. Filter first, then tick: filtering reloads the page.
secretariat-assign-help = Tick the lead units (one or several, each leading its own task) and the cooperating units in the list below.
secretariat-assign-more-help = The leads have their tasks; tick the cooperating units to add in the list below.
secretariat-batch-title = Issue and assign several at once
secretariat-batch-help = Tick the { -directive(form: "many") } to issue and assign under each of them, tick the units in the list below, and send once: all of them, or (if any is refused) none.
secretariat-batch-deadline-help = Leave it empty and each keeps its own deadline.
secretariat-batch-button = Issue and assign the ticked { -directive(form: "many") }
secretariat-batch-choose = Tick to issue and assign
secretariat-batch-choose-assign = Tick to assign
secretariat-batch-choose-more = Tick to add cooperating units
secretariat-deadline-passed = The deadline { $day } has passed (kept as the minutes gave it). Change it, or confirm to issue with it.
secretariat-confirm-past-deadline = Issue with the deadline that has passed
secretariat-not-in-tree-suggested = The minutes name “{ $name }”, which is not in the unit tree; “{ $unit }”, of the same line of work, is suggested instead. Check it.
secretariat-not-in-tree = The minutes name “{ $name }”, which is not in the unit tree, and no unit has its line of work: choose the lead.
