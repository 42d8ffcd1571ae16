//! What an integration's API key may do.

crate::str_enum!(
    /// A key's permission. Reading published complaints needs no key.
    pub Scope {
        /// File complaints (Open311 `POST requests`).
        Submit => "submit",
        /// Post updates on complaints (Open311 `POST servicerequestupdates`).
        Update => "update",
        /// Work as the staff user the key is bound to, with that user's roles (`/api/v1/staff/…`).
        Staff => "staff",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        assert_eq!(Scope::parse("admin"), None);
    }
}
