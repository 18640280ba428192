# The admins' pages.
admin-active = Active
admin-deactivated = Deactivated

# Units.
admin-units-title = Units
admin-units-tree = The unit tree
admin-unit-name = Name
admin-unit-key = Key
admin-unit-key-help = Letters, digits, '-', '_' or '.'; what files and people name the unit by.
admin-unit-kind = Kind
admin-unit-function = Line of work
admin-unit-email = Unit e-mail
admin-unit-head-email = Head's e-mail
admin-unit-short-name = Short name in minutes
admin-unit-aliases = Other names in minutes
admin-unit-aliases-help = One a line, e.g. "the housing bureau". Drafting from minutes matches these, the short name and the full names, and suggests this unit.
admin-unit-manage = Edit, move or deactivate
admin-unit-new = New unit
admin-unit-parent = Parent unit
admin-unit-name-zh = Name in Chinese
admin-unit-name-en = Name in English
admin-unit-create = Create the unit
admin-unit-edit = Names, line of work and addresses
admin-unit-move = Move the unit
admin-unit-move-help = The unit moves with every unit below it; the new parent's people see its tasks at once.
admin-unit-new-parent = New parent unit
admin-unit-move-button = Move the unit
admin-unit-deactivate = Deactivate the unit
admin-unit-deactivate-help = A deactivated unit keeps its history and stays readable, but is assigned no new tasks. Move or deactivate the units below it first.
admin-unit-deactivate-confirm = Yes, deactivate { $name }
admin-unit-deactivate-button = Deactivate the unit

# Importing a units file.
admin-import-title = Import a units file
admin-import-help = A CSV file with the columns key, parent, kind, level, name_zh, name_en (and optionally function, email, head_email, and a group robot: robot_kind, robot_name, robot_webhook, robot_secret). You will see what it would change before anything is changed.
admin-import-file = CSV file
admin-import-preview = Check the file
admin-import-summary = { $total } units in the file: { $added } to add, { $changed } to change, { $unchanged } unchanged.
admin-import-changes = What the import would change
admin-import-line = Line
admin-import-change = Change
admin-import-details = Details
admin-import-add = Add
admin-import-move = Move
admin-import-unchanged = Unchanged
admin-import-nothing = The units are already as the file says: nothing to import.
admin-import-apply-title = Apply the import
admin-import-text = The file being imported
admin-import-apply = Import these changes

# Users.
admin-users-title = Users
admin-users-list = Accounts
admin-user-display-name = Display name
admin-user-email = E-mail
admin-user-role = Role
admin-user-manage = Move, reset password or deactivate
admin-user-new = New account
admin-user-initial-password = Initial password (at least 8 characters)
admin-user-create = Create the account
admin-user-move = Move to another unit
admin-user-new-unit = New unit
admin-user-move-button = Move the account
admin-user-password = Reset the password
admin-user-password-help = The account's sessions end; tell the person the new password.
admin-user-new-password = New password (at least 8 characters)
admin-user-password-button = Set the new password
admin-user-deactivate = Deactivate the account
admin-user-deactivate-help = The person can no longer sign in; their sessions and API tokens stop working.
admin-user-deactivate-confirm = Yes, deactivate { $name }
admin-user-deactivate-button = Deactivate the account

# Keyword rules.
admin-rules-title = Keyword rules
admin-rules-help = When the minutes mention a keyword, drafting suggests its category and the units of its lines of work.
admin-rules-list = Rules
admin-rules-none = No keyword rules yet.
admin-rule-keyword = Keyword
admin-rule-lead = Lead line of work
admin-rule-cooperating = Cooperating lines of work
admin-rule-weight = Weight (1–100)
admin-rule-manage = Edit or delete
admin-rule-new = New rule
admin-rule-create = Add the rule
admin-rule-title = Keyword rule “{ $keyword }”
admin-rule-edit = Edit the rule
admin-rule-delete = Delete the rule
admin-rule-delete-button = Delete the rule for “{ $keyword }”

# Escalation.
admin-escalation-title = Escalation
admin-escalation-help = Each ladder says who is written to, and when, as a task's deadline comes and passes; days are working days. A { -directive }'s priority chooses its ladder.
admin-escalation-none = No escalation policies.
admin-policy-fallback = every priority without a ladder of its own
admin-step-when = When
admin-step-audience = Written to
admin-step-template = Message
admin-step-before = { $days ->
    [one] { $days } working day before the deadline
   *[other] { $days } working days before the deadline
}
admin-step-on = On the deadline
admin-step-after = { $days ->
    [one] { $days } working day overdue
   *[other] { $days } working days overdue
}
admin-step-remove = Remove the step “{ $when }”
admin-step-new = Add a step
admin-step-offset = Working days from the deadline
admin-step-offset-help = Negative before the deadline, 0 on it, positive once overdue.
admin-step-add = Add the step
admin-audience-assignee_unit = The unit doing the task
admin-audience-assignee_head = The head of the unit doing the task
admin-audience-assigner_unit = The unit that assigned the task
admin-audience-assignee_parent_head = The head of the unit above
admin-audience-secretariat = The secretariat
admin-audience-leader = The leaders
admin-template-reminder = Reminder
admin-template-due_today = Due today
admin-template-overdue = Overdue
admin-template-escalation = Escalation

# Calendar.
admin-calendar-title = Working-day calendar { $year }
admin-calendar-help = Holidays that fall on weekdays and make-up working days that fall on weekends; deadlines and lights count working days from them.
admin-calendar-years = Other years
admin-calendar-days = Holidays and make-up working days
admin-calendar-none = No days marked in this year.
admin-day-date = Date
admin-day-weekday = Weekday
admin-day-kind = Kind
admin-day-name = Name
admin-day-holiday = Holiday
admin-day-workday = Make-up working day
admin-day-remove = Make { $day } an ordinary day
admin-day-new = Mark a day
admin-day-add = Mark the day
admin-calendar-import = Import a calendar file
admin-calendar-import-help = A CSV file, one day a line, as the command line imports it: the header and the two kinds (holiday, make-up working day) are written as below. Days already marked and not in the file stay as they are.
admin-calendar-import-button = Import the file
admin-weekday-0 = Monday
admin-weekday-1 = Tuesday
admin-weekday-2 = Wednesday
admin-weekday-3 = Thursday
admin-weekday-4 = Friday
admin-weekday-5 = Saturday
admin-weekday-6 = Sunday

# Outbox.
admin-outbox-title = Outbox
admin-outbox-pending = Waiting to be sent
admin-outbox-sent = Sent
admin-outbox-failed = Failed (to be retried)
admin-outbox-dead = Given up
admin-outbox-skipped = Skipped
admin-outbox-bundled = Told in a bundle of reminders
admin-outbox-recipient = Recipient
admin-outbox-subject = Subject
admin-outbox-attempts = Attempts
admin-outbox-when = Sent / next attempt
admin-outbox-error = Last error
admin-outbox-retry = Send again
admin-outbox-empty = None.
admin-outbox-latest = The latest { $limit } are listed.
admin-outbox-retry-many = Send again in bulk
admin-outbox-retry-statuses = Messages that are
admin-outbox-retry-from = Queued from
admin-outbox-retry-to = Queued until
admin-outbox-retry-help = Days are inclusive; leave them blank for any day. Each message's attempts start again from zero.
admin-outbox-retry-many-button = Send these again
admin-outbox-retried = { $count ->
    [one] One message will be sent again.
   *[other] { $count } messages will be sent again.
}

# Notices.
notice-admin-unit-created = The unit was created.
notice-admin-unit-saved = The unit was saved.
notice-admin-unit-moved = The unit was moved.
notice-admin-unit-deactivated = The unit was deactivated.
notice-admin-units-imported = The units file was imported.
notice-admin-user-created = The account was created.
notice-admin-user-moved = The account was moved.
notice-admin-user-deactivated = The account was deactivated: its sessions ended and its API tokens were revoked.
notice-admin-password-reset = The new password is set: the account's sessions ended and its API tokens were revoked.
notice-admin-rule-saved = The keyword rule was saved.
notice-admin-rule-deleted = The keyword rule was deleted.
notice-admin-step-added = The step was added.
notice-admin-step-removed = The step was removed.
notice-admin-day-saved = The day was marked.
notice-admin-day-removed = The day is an ordinary day again.
notice-admin-calendar-imported = The calendar file was imported.
notice-admin-retried = The message will be sent again.

admin-root-only = These settings apply to everyone: only an administrator of the top unit changes them.

# Group robots (DingTalk, WeCom, Feishu).
admin-robots = Group robots
admin-robots-help = Every notice this unit's people get by e-mail is also posted to each robot turned on here, as a Markdown card with a link to the task. The webhook address and the secret are never shown again once saved.
admin-robots-none = No robots.
admin-robot-kind = Kind
admin-robot-name = Name
admin-robot-url = Webhook address
admin-robot-secret = Signing secret (DingTalk, Feishu; optional)
admin-robot-new-url = New webhook address (blank keeps the saved one)
admin-robot-new-secret = New signing secret (blank keeps the saved one)
admin-robot-clear-secret = Stop signing (remove the secret)
admin-robot-enabled = Turned on
admin-robot-signed = signed
admin-robot-unsigned = not signed
admin-robot-on = on
admin-robot-off = off
admin-robot-add = Add a robot
admin-robot-add-button = Add the robot
admin-robot-remove = Remove
admin-robot-remove-confirm = Yes, remove { $name }
robot-kind-dingtalk = DingTalk
robot-kind-wecom = WeCom
robot-kind-feishu = Feishu
notice-admin-robot-saved = The robot was saved.
notice-admin-robot-removed = The robot was removed.
