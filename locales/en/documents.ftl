# Reminders (催办), document numbers (文号), the printable sheets.
remind-count-label = Reminders
remind-count = { $count ->
    [0] none
    [one] reminded once
   *[other] reminded { $count } times
}
remind-col = Reminders
remind-message = Message (optional, at most 500 characters)
sheet-print-task = Print the assignment sheet
sheet-print-directive = Print the supervision sheet
sheet-task-kind = Assignment sheet
sheet-directive-kind = Supervision sheet
sheet-back = Back
sheet-print-help = Print from the browser for an A4 sheet; the navigation is left out.
sheet-no-number = (no document number)
sheet-title = Matter
sheet-directive = { -directive(form: "title") }
sheet-requirement = Requirement
sheet-lead = Lead unit
sheet-cooperating = Cooperating units
sheet-deadline = Deadline
sheet-issued-on = Issued on
sheet-instructions = Leaders' instructions
sheet-no-instructions = None
sheet-contact = Contact
sheet-receipt = Acknowledgement of receipt
sheet-receipt-text = We have received the matter below and will handle it as required and report on time:
sheet-receipt-unit = Receiving unit
sheet-receipt-person = Received by
sheet-receipt-time = Received at
sheet-receipt-phone = Telephone
sheet-receipt-seal = Unit seal
admin-unit-doc-prefix = Document number prefix
admin-unit-doc-prefix-help = The prefix of the numbers of the { -directive(form: "many") } this unit issues, such as 赣安办督: they are numbered 赣安办督〔2026〕1号 and on as they are issued, from 1 each year. Leave it empty for no numbers.
doc-number = No.
