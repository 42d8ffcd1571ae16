//! What an integration's API key may do.

/// A key's permission. Reading published complaints needs no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// File complaints (Open311 `POST requests`).
    Submit,
    /// Post updates on complaints (Open311 `POST servicerequestupdates`).
    Update,
    /// Work as the staff user the key is bound to, with that user's roles (`/api/v1/staff/…`).
    Staff,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Submit, Scope::Update, Scope::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Submit => "submit",
            Scope::Update => "update",
            Scope::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

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
