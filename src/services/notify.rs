//! Who a notification about a task goes to, and what its e-mail says: shared by the
//! escalation sweep and by the notifications the cascade owes when something changes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use super::ServiceResult;
use super::store;
use crate::{
    domain::{
        calendar::WorkCalendar,
        escalation::{Recipient, working_days_left},
        format,
        vocabulary::{Audience, Locale, Role},
    },
    entities::{directives, tasks, units, users},
    mail::templates::{Rendered, TemplateError, emails},
};

/// The organisation as the sweep needs it: units by id, active users by unit.
pub struct Directory {
    units: HashMap<i64, units::Model>,
    users_by_unit: HashMap<i64, Vec<users::Model>>,
}

/// One person (or a unit head's mailbox) to write to.
#[derive(Debug, Clone)]
pub struct Target {
    pub recipient: Recipient,
    pub user_id: Option<i64>,
    pub email: String,
    pub locale: Locale,
    pub name: String,
}

/// The people an audience names, and how many of them have no e-mail address.
#[derive(Debug, Default)]
pub struct Resolved {
    pub targets: Vec<Target>,
    pub without_email: usize,
}

impl Directory {
    pub async fn load(conn: &impl ConnectionTrait) -> ServiceResult<Self> {
        let units = store::units::all(conn).await?.into_iter().map(|u| (u.id, u)).collect();
        let mut users_by_unit: HashMap<i64, Vec<users::Model>> = HashMap::new();
        for user in store::users::all(conn).await?.into_iter().filter(|u| u.active) {
            users_by_unit.entry(user.unit_id).or_default().push(user);
        }
        Ok(Directory { units, users_by_unit })
    }

    pub fn unit(&self, id: i64) -> Option<&units::Model> {
        self.units.get(&id)
    }

    /// The unit's name in `locale`, or its id if it is gone.
    pub fn unit_name(&self, id: i64, locale: Locale) -> String {
        match self.units.get(&id) {
            Some(unit) => format::unit_name(locale, &unit.name_zh, &unit.name_en),
            None => format::missing_unit(id),
        }
    }

    /// Every active leader, by id.
    pub fn leaders(&self) -> Vec<&users::Model> {
        let mut leaders: Vec<&users::Model> =
            self.users_by_unit.values().flatten().filter(|u| u.role == Role::Leader).collect();
        leaders.sort_by_key(|u| u.id);
        leaders
    }

    /// The active units directly below `unit_id`, by id.
    pub fn children(&self, unit_id: i64) -> Vec<&units::Model> {
        let mut children: Vec<&units::Model> =
            self.units.values().filter(|u| u.parent_id == Some(unit_id) && u.active).collect();
        children.sort_by_key(|u| u.id);
        children
    }

    fn users(&self, unit_id: i64, roles: &[Role]) -> impl Iterator<Item = &users::Model> {
        self.users_by_unit.get(&unit_id).into_iter().flatten().filter(move |u| roles.contains(&u.role))
    }

    /// The people `audience` names for `task`. A unit's head is its leaders' accounts and the
    /// unit's head address (when no leader account already uses it).
    pub fn resolve(&self, audience: Audience, task: &tasks::Model, directive: &directives::Model) -> Resolved {
        const STAFF: &[Role] = &[Role::Officer, Role::Secretariat];
        let mut people: Vec<&users::Model> = Vec::new();
        let mut heads: Vec<i64> = Vec::new();
        match audience {
            Audience::AssigneeUnit => people.extend(self.users(task.assignee_unit_id, STAFF)),
            Audience::AssigneeHead => heads.push(task.assignee_unit_id),
            Audience::AssignerUnit => people.extend(self.users(task.assigner_unit_id, STAFF)),
            Audience::AssigneeParentHead => {
                heads.extend(self.units.get(&task.assignee_unit_id).and_then(|u| u.parent_id));
            }
            Audience::Secretariat => people.extend(self.users(directive.unit_id, &[Role::Secretariat])),
            Audience::Leader => {
                people.extend(self.users(directive.unit_id, &[Role::Leader]));
                if let Some(parent) = self.units.get(&directive.unit_id).and_then(|u| u.parent_id) {
                    people.extend(self.users(parent, &[Role::Leader]));
                }
            }
        }
        let mut mailboxes = Vec::new();
        for unit_id in heads {
            people.extend(self.users(unit_id, &[Role::Leader]));
            if let Some(address) = self.units.get(&unit_id).and_then(|u| u.head_email.clone()) {
                mailboxes.push(address);
            }
        }
        let mut resolved = Resolved::default();
        for user in people {
            if user.email.trim().is_empty() {
                resolved.without_email += 1;
                continue;
            }
            if resolved.targets.iter().any(|t| t.user_id == Some(user.id)) {
                continue;
            }
            resolved.targets.push(Target {
                recipient: Recipient::User(user.id),
                user_id: Some(user.id),
                email: user.email.clone(),
                locale: user.locale,
                name: user.display_name.clone(),
            });
        }
        for address in mailboxes {
            let address = address.trim().to_owned();
            if address.is_empty() || resolved.targets.iter().any(|t| t.email.eq_ignore_ascii_case(&address)) {
                continue;
            }
            resolved.targets.push(Target {
                recipient: Recipient::Mailbox(address.clone()),
                user_id: None,
                email: address,
                locale: Locale::Zh,
                name: String::new(),
            });
        }
        resolved
    }
}

/// What an e-mail about `task` says, in `target`'s language: the task and directive, the
/// deadline in `tz`, working days left or late, the responsible unit and the link.
pub struct Facts<'a> {
    pub directory: &'a Directory,
    pub calendar: &'a WorkCalendar,
    pub tz: Tz,
    pub base_url: &'a str,
    pub now: DateTime<Utc>,
}

impl<'a> Facts<'a> {
    /// What e-mails say at `now`, in the configured zone, linking to the configured site.
    pub fn at(ctx: &'a super::Ctx, directory: &'a Directory, calendar: &'a WorkCalendar, now: DateTime<Utc>) -> Self {
        Facts { directory, calendar, tz: ctx.zone(), base_url: &ctx.config.base_url, now }
    }

    pub fn render(
        &self,
        template: &str,
        target: &Target,
        task: &tasks::Model,
        directive: &directives::Model,
        extra: &Value,
    ) -> Result<Rendered, TemplateError> {
        let locale = target.locale;
        let left = working_days_left(self.calendar, task.deadline, self.now, self.tz);
        let late = self.now > task.deadline;
        let recipient = if target.name.is_empty() {
            match locale {
                Locale::En => format!("Head of {}", self.directory.unit_name(task.assignee_unit_id, locale)),
                Locale::Zh => format!("{}负责同志", self.directory.unit_name(task.assignee_unit_id, locale)),
            }
        } else {
            target.name.clone()
        };
        let mut data = json!({
            "recipient": recipient,
            "task": { "id": task.id, "title": task.title },
            "directive": format::pick(locale, &directive.title_zh, &directive.title_en),
            "unit": self.directory.unit_name(task.assignee_unit_id, locale),
            "assigner": self.directory.unit_name(task.assigner_unit_id, locale),
            "deadline": format::stamp_in_zone(self.tz, task.deadline),
            "days_left": left.max(0),
            // Late on the deadline's own day counts as none; the first working day after is one.
            "days_late": if late { (-left).max(1) } else { 0 },
            "late": late,
            // The task page (it signs the reader in first), never the JSON API.
            "link": format!("{}/tasks/{}", self.base_url, task.id),
            "reason": "",
            "approved": false,
            "author": "",
        });
        if let (Some(object), Some(more)) = (data.as_object_mut(), extra.as_object()) {
            for (key, value) in more {
                object.insert(key.clone(), value.clone());
            }
        }
        emails().render(template, locale, &data)
    }
}
