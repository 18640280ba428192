# The frame around every page: names, navigation, sign-in, errors, shared words.
app-name = Duban
tagline = Assigning, following and supervising the { -directive(form: "many") } of meetings
skip-to-content = Skip to the content
switch-language = 中文
language-label = Language
nav-label = Main navigation
nav-overview = Overview
nav-inbox = Inbox
nav-tasks = Tasks
nav-meetings = Meetings
nav-directives = { -directive(form: "titles") }
nav-reviews = Reviews
nav-dashboard = Dashboard
nav-ranking = Ranking
nav-overdue = Overdue
nav-bulletin = Bulletin
nav-units = Units
nav-users = Users
nav-rules = Keyword rules
nav-escalation = Escalation
nav-calendar = Calendar
nav-outbox = Outbox
nav-api = API
signed-in-as = Signed in as { $name }
sign-in = Sign in
username = Username
password = Password
sign-in-button = Sign in
sign-out = Sign out
wrong-password = The username or password is wrong.
too-many-attempts = Too many attempts; wait a moment and try again.
form-expired = The form has expired; please sign in again.
role-secretariat = Secretariat
role-officer = Officer
role-leader = Leader
role-admin = Administrator

# Error pages.
error-title = Something went wrong
error-400 = The request could not be read.
error-401 = Please sign in first.
error-403 = You may not see or do this.
error-404 = There is no such page, or it is outside your unit.
error-409 = This could not be done in the task's present state; reload the page and look again.
error-413 = What was sent is too large; nothing was changed.
error-422 = Some of what you entered cannot be accepted.
error-429 = Too many attempts; wait a moment and try again.
error-500 = Something went wrong on our side. It has been logged.
error-503 = The database cannot be reached just now; nothing was changed. Try again in a few seconds.
error-field = { $field }: { $reason }
error-csrf = The form has expired or came from another site; nothing was changed. Reload the page and try again.
go-back = Go back
go-home = Go to the first page

# Shared words.
save = Save
cancel = Cancel
submit = Submit
search = Search
filter = Filter
none = None
yes = Yes
no = No
all = All
previous-page = Previous
next-page = Next
page-of = Page { $page } of { $pages }
export-csv = Download CSV
export-xlsx = Download Excel
deadline = Deadline
status = Status
unit = Unit
units = Units
level = Level
category = Category
priority = Priority
title = Title
text = Text
actions = Actions
created = Created
updated = Updated
light = Light
light-green = On track
light-yellow = Due soon
light-red = Overdue
light-none = —
working-days-late = { $days ->
    [one] { $days } working day late
   *[other] { $days } working days late
}
working-days-left = { $days ->
    [0] due today
    [one] { $days } working day left
   *[other] { $days } working days left
}
notice-saved = Saved.

# Levels, kinds, statuses, priorities, categories.
level-province = Province
level-municipal = Municipal
level-county = County
level-township = Township
level-enterprise = Enterprise
kind-government = Government
kind-secretariat = Secretariat
kind-department = Department
kind-enterprise = Enterprise
status-assigned = Assigned
status-acknowledged = Acknowledged
status-in_progress = In progress
status-submitted = Submitted
status-returned = Returned
status-completed = Completed
status-cancelled = Cancelled
status-declined = Declined
directive-draft = Draft
directive-issued = Issued
directive-closed = Closed
priority-normal = Normal
priority-high = High
priority-urgent = Urgent
task-role-lead = Lead
task-role-cooperating = Cooperating

# The overview of meetings.
held-on = Held on
host = Host
venue = Venue
total-tasks = Tasks
no-tasks = Not assigned yet
no-meetings = No meetings yet. Have the secretariat enter a meeting, or load the demo data with this command:
light-why-unit-overdue = { $count ->
    [one] 1 task overdue
   *[other] { $count } tasks overdue
}
light-why-unit-due-soon = { $count ->
    [one] 1 task due soon
   *[other] { $count } tasks due soon
}

## Lights that say why (task page, lists)
light-yellow-behind = Behind pace
light-why-due-soon = { $days ->
    [0] due today
    [one] due within 1 working day
   *[other] due within { $days } working days
}
light-why-behind = behind pace by { $points } points (expected { $expected }%)
light-why-awaiting-review = completion waiting for review
