//! The closed vocabularies of DESIGN.md: roles, unit kinds and levels, statuses, priorities.

use super::string_enum;

string_enum! {
    /// What a user may do; see DESIGN.md "People".
    Role { Secretariat => "secretariat", Officer => "officer", Leader => "leader", Admin => "admin" }
}

string_enum! {
    /// What kind of body a unit is.
    UnitKind { Government => "government", Secretariat => "secretariat", Department => "department", Enterprise => "enterprise" }
}

string_enum! {
    /// The administrative level of a unit, from the top down.
    UnitLevel { Province => "province", Municipal => "municipal", County => "county", Township => "township", Enterprise => "enterprise" }
}

impl UnitLevel {
    /// 0 for the province, growing downwards; "strictly below" compares these.
    pub fn rank(self) -> u8 {
        match self {
            UnitLevel::Province => 0,
            UnitLevel::Municipal => 1,
            UnitLevel::County => 2,
            UnitLevel::Township => 3,
            UnitLevel::Enterprise => 4,
        }
    }
}

string_enum! {
    /// A user's language for pages and e-mail.
    Locale { Zh => "zh", En => "en" }
}

string_enum! {
    /// Whether a unit leads a directive's work or cooperates with the lead.
    TaskRole { Lead => "lead", Cooperating => "cooperating" }
}

string_enum! {
    /// A directive is edited while draft, then issued; it is closed when all its tasks are.
    DirectiveStatus { Draft => "draft", Issued => "issued", Closed => "closed" }
}

string_enum! {
    /// How urgent a directive is; escalation policies are chosen by it.
    Priority { Normal => "normal", High => "high", Urgent => "urgent" }
}

string_enum! {
    /// Where a directive came from.
    DirectiveSource { Manual => "manual", Drafted => "drafted" }
}

string_enum! {
    /// A report is either progress along the way or the claim that the task is done.
    ReportKind { Progress => "progress", Completion => "completion" }
}

string_enum! {
    /// The assigner's verdict on a completion report.
    ReviewOutcome { Accepted => "accepted", Returned => "returned" }
}

string_enum! {
    /// An extension request waits for the assigning unit's decision.
    ExtensionStatus { Pending => "pending", Approved => "approved", Refused => "refused" }
}

string_enum! {
    /// A calendar exception: a weekday off, or a weekend day worked.
    DayKind { Holiday => "holiday", Workday => "workday" }
}

string_enum! {
    /// Where a notification stands in the outbox.
    NotificationStatus { Pending => "pending", Sent => "sent", Failed => "failed", Dead => "dead", Skipped => "skipped", Bundled => "bundled" }
}

string_enum! {
    /// How an outbox row is delivered: by e-mail, or to a unit's group robot of one vendor.
    Channel { Email => "email", Dingtalk => "dingtalk", Wecom => "wecom", Feishu => "feishu" }
}

string_enum! {
    /// The vendor of a group robot: 钉钉, 企业微信 or 飞书.
    RobotKind { Dingtalk => "dingtalk", Wecom => "wecom", Feishu => "feishu" }
}

impl RobotKind {
    /// The outbox channel of this vendor's robots.
    pub fn channel(self) -> Channel {
        match self {
            RobotKind::Dingtalk => Channel::Dingtalk,
            RobotKind::Wecom => Channel::Wecom,
            RobotKind::Feishu => Channel::Feishu,
        }
    }

    /// Whether this vendor signs requests with a secret (DingTalk and Feishu do; a WeCom
    /// robot's key in its URL is all it has).
    pub fn signs(self) -> bool {
        !matches!(self, RobotKind::Wecom)
    }
}

impl Channel {
    /// The robot vendor of this channel; `None` for e-mail.
    pub fn robot(self) -> Option<RobotKind> {
        match self {
            Channel::Email => None,
            Channel::Dingtalk => Some(RobotKind::Dingtalk),
            Channel::Wecom => Some(RobotKind::Wecom),
            Channel::Feishu => Some(RobotKind::Feishu),
        }
    }
}

string_enum! {
    /// Who an escalation step writes to.
    Audience {
        AssigneeUnit => "assignee_unit",
        AssigneeHead => "assignee_head",
        AssignerUnit => "assigner_unit",
        AssigneeParentHead => "assignee_parent_head",
        Secretariat => "secretariat",
        Leader => "leader",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_string() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
        }
        for level in UnitLevel::ALL {
            assert_eq!(level.as_str().parse::<UnitLevel>(), Ok(*level));
        }
        for audience in Audience::ALL {
            assert_eq!(audience.to_string().parse::<Audience>(), Ok(*audience));
        }
    }

    #[test]
    fn an_unknown_string_names_the_kind_and_the_value() {
        let err = "mayor".parse::<Role>().unwrap_err();
        assert_eq!(err.to_string(), "\"mayor\" is not a valid Role");
    }

    #[test]
    fn levels_rank_from_the_top_down() {
        let ranks: Vec<u8> = UnitLevel::ALL.iter().map(|l| l.rank()).collect();
        assert_eq!(ranks, vec![0, 1, 2, 3, 4]);
    }
}
