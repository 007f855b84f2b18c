//! The five steps of participation (osallisuuden askeleet).

code_list! {
    /// A step of a participant's path, numbered 1 to 5.
    pub enum Step ("steps", "The five steps of participation") {
        Outreach = "outreach", "Kohderyhmän tavoittaminen – etsivä ja jalkautuva työ", "Att nå målgruppen – uppsökande arbete", "Outreach";
        LifeManagement = "life_management", "Elämänhallinnan ja hyvinvoinnin edistäminen", "Livskompetens och välbefinnande", "Life management and wellbeing";
        ResourcesAndGoals = "resources_and_goals", "Voimavarat, osaaminen, tarpeet ja toiveet", "Resurser, kompetens, behov och önskemål", "Resources and goals";
        ServiceGuidance = "service_guidance", "Kohti kuntoutuksen, koulutuksen ja työllisyyden polkuja – palveluohjaus", "Mot rehabilitering, utbildning och arbete – servicehandledning", "Service guidance";
        CooperationNetwork = "cooperation_network", "Monialainen yhteistyöverkosto", "Sektorsövergripande samarbetsnätverk", "Multi-sector cooperation network";
    }
}

impl Step {
    /// The step's number, 1 to 5.
    pub fn number(self) -> u8 {
        match self {
            Self::Outreach => 1,
            Self::LifeManagement => 2,
            Self::ResourcesAndGoals => 3,
            Self::ServiceGuidance => 4,
            Self::CooperationNetwork => 5,
        }
    }
}

/// How an entry moves a participant along the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepMove {
    /// The first step, outreach.
    First,
    /// Forward by one.
    Forward,
    /// Forward past a step (needs a reason).
    Skip,
    /// Back to an earlier step (needs a reason).
    Back,
}

/// Why a step cannot be entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// Exited participants take no new steps until they re-enter.
    #[error("the participant has exited and takes no new steps until re-entered")]
    Exited,
    /// Already in that step.
    #[error("the participant is already in step {0}")]
    AlreadyThere(u8),
    /// A skip or a move back without a reason.
    #[error("moving from step {from} to step {to} skips a step or goes back: give a reason")]
    ReasonRequired {
        /// The current step's number (0 before the first).
        from: u8,
        /// The step asked for.
        to: u8,
    },
}

/// The step rule: forward by one needs nothing; a skip or a move back needs a reason; nothing
/// after exit until re-entry.
///
/// | current | to          | move    | reason   |
/// |---------|-------------|---------|----------|
/// | none    | 1           | First   | —        |
/// | none    | 2–5         | Skip    | required |
/// | n       | n + 1       | Forward | —        |
/// | n       | > n + 1     | Skip    | required |
/// | n       | < n         | Back    | required |
/// | n       | n           | refused | —        |
/// | exited  | any         | refused | —        |
pub fn enter(
    current: Option<Step>,
    exited: bool,
    to: Step,
    has_reason: bool,
) -> Result<StepMove, StepError> {
    if exited {
        return Err(StepError::Exited);
    }
    let from = current.map_or(0, Step::number);
    let movement = match (current, to.number()) {
        (Some(c), n) if n == c.number() => return Err(StepError::AlreadyThere(n)),
        (None, 1) => StepMove::First,
        (_, n) if n == from + 1 => StepMove::Forward,
        (_, n) if n > from => StepMove::Skip,
        _ => StepMove::Back,
    };
    if matches!(movement, StepMove::Skip | StepMove::Back) && !has_reason {
        return Err(StepError::ReasonRequired {
            from,
            to: to.number(),
        });
    }
    Ok(movement)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;

    use Step::*;

    #[test]
    fn forward_by_one_needs_nothing() {
        assert_eq!(enter(None, false, Outreach, false), Ok(StepMove::First));
        assert_eq!(
            enter(Some(Outreach), false, LifeManagement, false),
            Ok(StepMove::Forward)
        );
        assert_eq!(
            enter(Some(ServiceGuidance), false, CooperationNetwork, false),
            Ok(StepMove::Forward)
        );
    }

    #[test]
    fn skips_and_moves_back_need_a_reason() {
        assert_eq!(
            enter(None, false, ResourcesAndGoals, false),
            Err(StepError::ReasonRequired { from: 0, to: 3 })
        );
        assert_eq!(
            enter(None, false, ResourcesAndGoals, true),
            Ok(StepMove::Skip)
        );
        assert_eq!(
            enter(Some(Outreach), false, ServiceGuidance, false),
            Err(StepError::ReasonRequired { from: 1, to: 4 })
        );
        assert_eq!(
            enter(Some(Outreach), false, ServiceGuidance, true),
            Ok(StepMove::Skip)
        );
        assert_eq!(
            enter(Some(ServiceGuidance), false, LifeManagement, false),
            Err(StepError::ReasonRequired { from: 4, to: 2 })
        );
        assert_eq!(
            enter(Some(ServiceGuidance), false, LifeManagement, true),
            Ok(StepMove::Back)
        );
    }

    #[test]
    fn the_same_step_again_and_anything_after_exit_are_refused() {
        assert_eq!(
            enter(Some(LifeManagement), false, LifeManagement, true),
            Err(StepError::AlreadyThere(2))
        );
        assert_eq!(
            enter(Some(LifeManagement), true, ResourcesAndGoals, false),
            Err(StepError::Exited)
        );
        assert_eq!(enter(None, true, Outreach, true), Err(StepError::Exited));
    }

    #[test]
    fn steps_are_numbered_one_to_five_in_order() {
        let numbers: Vec<u8> = Step::all().iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
    }
}
