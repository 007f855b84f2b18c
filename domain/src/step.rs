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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;

    #[test]
    fn steps_are_numbered_one_to_five_in_order() {
        let numbers: Vec<u8> = Step::all().iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
    }
}
