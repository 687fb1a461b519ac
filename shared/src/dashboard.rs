//! The client dashboard's figures, all computed from the organisation's records, and what
//! follows from them (rates, funnel bar widths, the getting-started steps).

use serde::{Deserialize, Serialize};

/// Counts for one organisation's current offer. Meetings, signatures and the return on cost
/// are the results' (`results`), on their own page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFigures {
    /// Databases the organisation created.
    pub databases: u64,
    /// Rows in its databases (deleted rows excluded).
    pub prospects: u64,
    /// Of those, the unlocked ones.
    pub unlocked: u64,
    /// Distinct companies a form was sent to this calendar month (Paris time).
    pub contacted_this_month: u64,
    /// Distinct companies a first message was sent to, ever.
    pub contacted_total: u64,
    /// Contacts that replied (recorded by hand until the mailbox is read).
    pub replies: u64,
    pub positive_replies: u64,
    pub campaigns: u64,
    /// Campaigns started at least once.
    pub campaigns_started: u64,
    /// Members of the organisation, and invitations sent (accepted or not).
    pub members: u64,
    pub invitations: u64,
}

/// One stage of the funnel: its label, its value and its bar's width in percent of the widest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelStage {
    pub label: &'static str,
    pub value: u64,
    pub width: u8,
}

/// The getting-started steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Account,
    Database,
    Unlock,
    Campaign,
    Invite,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Account, Step::Database, Step::Unlock, Step::Campaign, Step::Invite];
}

impl DashboardFigures {
    /// Replies per contacted company, in whole percent; `None` before the first contact.
    pub fn reply_rate(&self) -> Option<u8> {
        percent(self.replies, self.contacted_total)
    }

    /// Positive replies per reply, in whole percent; `None` before the first reply.
    pub fn positive_rate(&self) -> Option<u8> {
        percent(self.positive_replies, self.replies)
    }

    /// Prospects → contacted → replies → interested, each bar proportional to its value.
    pub fn funnel(&self) -> Vec<FunnelStage> {
        let stages = [
            ("Prospects dans vos bases", self.prospects),
            ("Entreprises contactées", self.contacted_total),
            ("Réponses", self.replies),
            ("Réponses positives", self.positive_replies),
        ];
        let widest = stages.iter().map(|(_, v)| *v).max().unwrap_or(0);
        stages
            .into_iter()
            .map(|(label, value)| FunnelStage { label, value, width: percent(value, widest).unwrap_or(0) })
            .collect()
    }

    /// Whether the records show this step done.
    pub fn done(&self, step: Step) -> bool {
        match step {
            // The caller is signed in: the account exists.
            Step::Account => true,
            Step::Database => self.databases > 0,
            Step::Unlock => self.unlocked > 0,
            Step::Campaign => self.campaigns_started > 0,
            Step::Invite => self.members > 1 || self.invitations > 0,
        }
    }
}

/// `part / whole` in whole percent (rounded to nearest, at most 100); `None` when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<u8> {
    (whole > 0).then(|| ((part.min(whole) * 100 + whole / 2) / whole) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> DashboardFigures {
        DashboardFigures {
            databases: 2,
            prospects: 200,
            unlocked: 80,
            contacted_this_month: 12,
            contacted_total: 50,
            replies: 5,
            positive_replies: 2,
            campaigns: 1,
            campaigns_started: 1,
            members: 1,
            invitations: 0,
        }
    }

    #[test]
    fn funnel_bars_are_proportional_to_their_values() {
        let widths: Vec<(u64, u8)> = figures().funnel().iter().map(|s| (s.value, s.width)).collect();
        assert_eq!(widths, [(200, 100), (50, 25), (5, 3), (2, 1)]);
        // Nothing yet: every bar empty, none invented.
        assert!(DashboardFigures::default().funnel().iter().all(|s| s.value == 0 && s.width == 0));
    }

    #[test]
    fn rates_need_a_denominator() {
        assert_eq!(figures().reply_rate(), Some(10));
        assert_eq!(figures().positive_rate(), Some(40));
        assert_eq!(DashboardFigures::default().reply_rate(), None);
        assert_eq!(DashboardFigures::default().positive_rate(), None);
    }

    #[test]
    fn steps_are_done_from_the_records() {
        let none = DashboardFigures { members: 1, ..Default::default() };
        let done: Vec<bool> = Step::ALL.iter().map(|s| none.done(*s)).collect();
        assert_eq!(done, [true, false, false, false, false]);
        let done: Vec<bool> = Step::ALL.iter().map(|s| figures().done(*s)).collect();
        assert_eq!(done, [true, true, true, true, false]);
        assert!(DashboardFigures { invitations: 1, ..figures() }.done(Step::Invite));
        assert!(DashboardFigures { members: 2, ..figures() }.done(Step::Invite));
    }
}
