# The user's own page: calendar feeds.
account-link = My account
account-title = My account
account-signed-in-as = Signed in as { $name }.
account-feeds = Calendar feeds
account-feeds-help = Subscribe to your deadlines from Outlook, Apple Calendar or Thunderbird: make a private feed address, add it to your calendar program as a subscription (an Internet calendar, a calendar "on the network"), and your tasks' deadlines appear there with a reminder one working day before. The program fetches the feed again by itself. Anyone who has the address can read the feed: revoke it when a device is lost or no longer used.
account-feed-made = The feed “{ $name }” is ready.
account-feed-url = Its address (copy it into your calendar program):
account-feed-subscribe = Subscribe in the calendar program of this device
account-feed-once = The address is shown only now: Duban keeps only a fingerprint of it. Lost it? Revoke this feed and make a new one.
account-feed-name = Name
account-feed-name-example = e.g. Outlook at the office
account-feed-created = Made
account-feed-last-used = Last fetched
account-feed-active = Active
account-feed-revoked = Revoked
account-feed-revoke = Revoke
account-feeds-none = No calendar feeds yet.
account-feed-new = A new feed
account-feed-create = Make a feed address
account-feeds-not-for-role = Administrators follow no tasks, so they have no deadlines to subscribe to.
notice-feed-revoked = The feed is revoked: its address no longer answers.

# The calendar feed itself, in its owner's language.
feed-name = Duban deadlines · { $name }
feed-summary = { $title } ({ $status })
feed-status = Status: { $status }
feed-light = Light: { $light }
feed-deadline = Deadline: { $deadline }
feed-alarm = Due the next working day: { $title }
