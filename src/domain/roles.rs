//! What each role may do (DESIGN.md, "People"), written once: services refuse with it, and
//! pages and role extractors read the same table to decide what to offer.
//!
//! A capability says what a role may do at all; whether a person may do it to one task or
//! directive also depends on where their unit stands to it (the assignee, the assigner, the
//! issuing unit), which the services decide.

use super::{message::Message, string_enum, vocabulary::Role};

string_enum! {
    /// Something a role may do.
    Capability {
        Issue => "issue",
        Work => "work",
        Review => "review",
        Remind => "remind",
        Instruct => "instruct",
        Read => "read",
        Admin => "admin",
    }
}

impl Capability {
    /// The roles that hold this capability: the one table.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            // Enter meetings and directives, issue them and assign them to units below.
            Capability::Issue => &[Secretariat],
            // Acknowledge, decline, report, complete, split, ask for more time.
            Capability::Work => &[Secretariat, Officer],
            // Accept or return a completion, reassign or cancel, decide an extension: the
            // assigning unit's side of a task.
            Capability::Review => &[Secretariat, Officer],
            // Remind a unit now (催办): officers about a task their unit assigned, the
            // secretariat and leaders about any open task in their scope.
            Capability::Remind => &[Secretariat, Officer, Leader],
            // Write an instruction (批示) on a directive or a task.
            Capability::Instruct => &[Leader],
            // Read the tasks, directives and figures of its scope.
            Capability::Read => &[Secretariat, Officer, Leader],
            // Manage the unit tree, users, the calendar, keyword rules, ladders, the outbox.
            Capability::Admin => &[Admin],
        }
    }

    /// Why a person whose role lacks this capability is refused, in one sentence.
    pub fn refusal(self, role: Role) -> Message {
        Message::new(match (self, role) {
            (Capability::Work | Capability::Review, Role::Leader) => "error-role-leaders-do-not-act",
            (Capability::Work | Capability::Review, _) => "error-role-admins-do-not-act",
            (Capability::Issue, _) => "error-role-only-secretariat-issues",
            (Capability::Remind, _) => "error-role-who-reminds",
            (Capability::Instruct, _) => "error-role-only-leaders-instruct",
            (Capability::Read, _) => "error-role-admins-do-not-follow",
            (Capability::Admin, _) => "error-role-only-admins",
        })
    }
}

/// `role.may_issue()` for `role.may(Capability::Issue)`, and so on: what pages and
/// extractors read.
macro_rules! shorthands {
    ($($name:ident => $capability:ident),+ $(,)?) => {$(
        #[doc = concat!("Whether this role holds `Capability::", stringify!($capability), "`.")]
        pub fn $name(self) -> bool {
            self.may(Capability::$capability)
        }
    )+};
}

impl Role {
    /// Whether this role holds `capability`.
    pub fn may(self, capability: Capability) -> bool {
        capability.roles().contains(&self)
    }

    /// The capabilities this role holds, in the order of `Capability::ALL`.
    pub fn capabilities(self) -> Vec<Capability> {
        Capability::ALL.iter().copied().filter(|c| self.may(*c)).collect()
    }

    shorthands! {
        may_issue => Issue,
        may_work => Work,
        may_review => Review,
        may_remind => Remind,
        may_instruct => Instruct,
        may_read => Read,
        may_admin => Admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_holds_what_design_gives_it() {
        use Capability as C;
        let table: &[(Role, &[Capability])] = &[
            (Role::Secretariat, &[C::Issue, C::Work, C::Review, C::Remind, C::Read]),
            (Role::Officer, &[C::Work, C::Review, C::Remind, C::Read]),
            (Role::Leader, &[C::Remind, C::Instruct, C::Read]),
            (Role::Admin, &[C::Admin]),
        ];
        for (role, expected) in table {
            assert_eq!(role.capabilities(), expected.to_vec(), "{role}");
        }
    }

    #[test]
    fn a_refusal_names_what_the_role_does_instead() {
        assert_eq!(Capability::Work.refusal(Role::Leader), Message::new("error-role-leaders-do-not-act"));
        assert_eq!(Capability::Work.refusal(Role::Admin), Message::new("error-role-admins-do-not-act"));
        assert_eq!(Capability::Admin.refusal(Role::Officer), Message::new("error-role-only-admins"));
    }
}
