//! What an integration's API key may do.

/// A key's permission. Reading published complaints needs no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// File complaints (Open311 `POST requests`).
    Submit,
    /// Post updates on complaints (Open311 `POST servicerequestupdates`).
    Update,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Submit, Scope::Update];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Submit => "submit",
            Scope::Update => "update",
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
