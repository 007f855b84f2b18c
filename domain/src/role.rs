//! Roles a caller holds, carried in the token's `roles` claim.

code_list! {
    /// What a caller may do is decided by its roles and its organisation's relation to the object.
    pub enum Role ("roles", "Roles of API callers") {
        /// The platform operator: organisations, projects, API clients.
        Admin = "admin", "ylläpitäjä", "administratör", "platform operator";
        /// Runs the organisation's part of projects.
        Manager = "manager", "vastuuhenkilö", "ansvarsperson", "manager";
        /// A project worker recording participants.
        Worker = "worker", "projektityöntekijä", "projektarbetare", "project worker";
        /// Sees figures only, never a person's data (funder, steering group).
        Reporter = "reporter", "raportoija", "rapportör", "reporter";
        /// A county's or TE office's staff answering referrals.
        ReferralHandler = "referral_handler", "ohjausten käsittelijä", "handläggare av remisser", "referral handler";
    }
}
