//! Who a notification about a task goes to, and what its e-mail says: shared by the
//! escalation sweep and by the notifications the cascade owes when something changes. The
//! same audience also names the units whose group robots get the notice, as a Markdown card.

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
        robots::Card,
        vocabulary::{Audience, Channel, Locale, Role},
    },
    entities::{directives, tasks, unit_robots, units, users},
    mail::templates::{Rendered, TemplateError, emails},
};

/// The organisation as the sweep needs it: units by id, active users by unit, enabled group
/// robots by unit.
pub struct Directory {
    units: HashMap<i64, units::Model>,
    users_by_unit: HashMap<i64, Vec<users::Model>>,
    robots_by_unit: HashMap<i64, Vec<unit_robots::Model>>,
}

/// One person (or a unit head's mailbox, or a unit's group robot) to write to.
#[derive(Debug, Clone)]
pub struct Target {
    pub recipient: Recipient,
    pub user_id: Option<i64>,
    /// The address of an e-mail; empty for a robot.
    pub email: String,
    pub locale: Locale,
    pub name: String,
    pub channel: Channel,
    pub robot_id: Option<i64>,
}

impl Target {
    /// The outbox row of `rendered` to this recipient under `key`, about `task_id` (and the
    /// ladder's step `step_id`) when it is about one task.
    pub fn row(
        &self,
        key: String,
        (task_id, step_id): (Option<i64>, Option<i64>),
        template: String,
        rendered: Rendered,
    ) -> store::notifications::NewNotification {
        store::notifications::NewNotification {
            dedup_key: key,
            task_id,
            step_id,
            recipient_user_id: self.user_id,
            recipient_email: self.email.clone(),
            template,
            locale: self.locale,
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            channel: self.channel,
            robot_id: self.robot_id,
        }
    }
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
        let mut robots_by_unit: HashMap<i64, Vec<unit_robots::Model>> = HashMap::new();
        for robot in store::robots::enabled(conn).await? {
            robots_by_unit.entry(robot.unit_id).or_default().push(robot);
        }
        Ok(Directory { units, users_by_unit, robots_by_unit })
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
    /// unit's head address (when no leader account already uses it). Then the enabled group
    /// robots of the (active) units whose people the audience names: the same rule, so a robot
    /// gets only what its unit's people would. (The sender checks again, when it posts, that
    /// the robot's unit may still see the task.)
    pub fn resolve(&self, audience: Audience, task: &tasks::Model, directive: &directives::Model) -> Resolved {
        const STAFF: &[Role] = &[Role::Officer, Role::Secretariat];
        let mut people: Vec<&users::Model> = Vec::new();
        let mut heads: Vec<i64> = Vec::new();
        let mut named_units: Vec<i64> = Vec::new();
        match audience {
            Audience::AssigneeUnit => {
                people.extend(self.users(task.assignee_unit_id, STAFF));
                named_units.push(task.assignee_unit_id);
            }
            Audience::AssigneeHead => heads.push(task.assignee_unit_id),
            Audience::AssignerUnit => {
                people.extend(self.users(task.assigner_unit_id, STAFF));
                named_units.push(task.assigner_unit_id);
            }
            Audience::AssigneeParentHead => {
                heads.extend(self.units.get(&task.assignee_unit_id).and_then(|u| u.parent_id));
            }
            Audience::Secretariat => {
                people.extend(self.users(directive.unit_id, &[Role::Secretariat]));
                named_units.push(directive.unit_id);
            }
            Audience::Leader => {
                people.extend(self.users(directive.unit_id, &[Role::Leader]));
                named_units.push(directive.unit_id);
                if let Some(parent) = self.units.get(&directive.unit_id).and_then(|u| u.parent_id) {
                    people.extend(self.users(parent, &[Role::Leader]));
                    named_units.push(parent);
                }
            }
        }
        named_units.extend(&heads);
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
                channel: Channel::Email,
                robot_id: None,
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
                channel: Channel::Email,
                robot_id: None,
            });
        }
        for unit_id in named_units {
            if !self.units.get(&unit_id).is_some_and(|u| u.active) {
                continue;
            }
            for robot in self.robots_by_unit.get(&unit_id).into_iter().flatten() {
                if resolved.targets.iter().any(|t| t.robot_id == Some(robot.id)) {
                    continue;
                }
                resolved.targets.push(Target {
                    recipient: Recipient::Robot(robot.id),
                    user_id: None,
                    email: String::new(),
                    // Group chats of Chinese offices: the card is written in Chinese.
                    locale: Locale::Zh,
                    name: robot.name.clone(),
                    channel: robot.kind.channel(),
                    robot_id: Some(robot.id),
                });
            }
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

    /// The message `template` makes for `target`: an e-mail, or for a group robot the e-mail's
    /// subject and a Markdown card (as `text`; no HTML).
    pub fn render(
        &self,
        template: &str,
        target: &Target,
        task: &tasks::Model,
        directive: &directives::Model,
        extra: &Value,
    ) -> Result<Rendered, TemplateError> {
        let email = self.render_email(template, target, task, directive, extra)?;
        if target.channel == Channel::Email {
            return Ok(email);
        }
        let unit = self.directory.unit_name(task.assignee_unit_id, target.locale);
        let deadline = format::datetime_in_zone(target.locale, self.tz, task.deadline);
        let link = task_page(self.base_url, task.id);
        let card = Card {
            locale: target.locale,
            subject: &email.subject,
            task: &task.title,
            unit: &unit,
            deadline: &deadline,
            link: &link,
        };
        let text = card.markdown();
        Ok(Rendered { subject: email.subject, text, html: String::new() })
    }

    /// How a message greets `target`: by name, or (a mailbox or a group robot) as the head of
    /// `unit`, or as whoever is responsible when the message speaks of several units.
    pub fn salutation(&self, target: &Target, unit: Option<i64>) -> String {
        let locale = target.locale;
        match (target.name.is_empty() || target.channel != Channel::Email, unit) {
            (false, _) => target.name.clone(),
            (true, Some(unit)) => match locale {
                Locale::En => format!("Head of {}", self.directory.unit_name(unit, locale)),
                Locale::Zh => format!("{}负责同志", self.directory.unit_name(unit, locale)),
            },
            (true, None) => match locale {
                Locale::En => "Sir or Madam".to_owned(),
                Locale::Zh => "负责同志".to_owned(),
            },
        }
    }

    fn render_email(
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
        let recipient = self.salutation(target, Some(task.assignee_unit_id));
        let mut data = json!({
            "recipient": recipient,
            "task": { "id": task.id, "title": task.title },
            "directive": format::pick(locale, &directive.title_zh, &directive.title_en),
            "unit": self.directory.unit_name(task.assignee_unit_id, locale),
            "assigner": self.directory.unit_name(task.assigner_unit_id, locale),
            "deadline": format::datetime_in_zone(locale, self.tz, task.deadline),
            "days_left": left.max(0),
            // Late on the deadline's own day counts as none; the first working day after is one.
            "days_late": if late { (-left).max(1) } else { 0 },
            "late": late,
            // The task page (it signs the reader in first), never the JSON API.
            "link": format!("{}/tasks/{}", self.base_url, task.id),
            "reason": "",
            "approved": false,
            "author": "",
            // A reminder from above (催办): who sent it, the how-manieth it is, what it says.
            "urged_by": "",
            "message": "",
            "times": 0,
        });
        if let (Some(object), Some(more)) = (data.as_object_mut(), extra.as_object()) {
            for (key, value) in more {
                object.insert(key.clone(), value.clone());
            }
        }
        emails().render(template, locale, &data)
    }
}

/// The absolute address of a task's page (the page a person opens, not the API's).
pub fn task_page(base_url: &str, task_id: i64) -> String {
    format!("{}/tasks/{task_id}", base_url.trim_end_matches('/'))
}
