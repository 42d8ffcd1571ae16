//! Who may do what in the back office, and how much of a complainant's identity each role sees
//! (DESIGN §2). The web layer checks these on every route; tests walk every route for every role.

use crate::complaint::IdentityMode;
use crate::status::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the complaint queue and case pages (petugas: only the cases assigned to them).
    ViewComplaints,
    /// Take the state machine's steps and write replies and notes.
    HandleComplaints,
    /// Record complaints received by letter, phone, walk-in or WhatsApp.
    RecordIntake,
    /// Unmask a complainant's NIK, phone, email and address (each time audited).
    RevealIdentity,
    /// Issue a new PIN to a citizen at the office, after checking who they are.
    IssuePin,
    /// Edit what is published of a `publik` complaint, or withdraw its publication.
    ManagePublication,
    /// Decide objections (keberatan).
    DecideObjections,
    /// The oversight dashboard.
    ViewDashboard,
    /// Users and roles.
    ManageUsers,
    /// Village profile, categories, SLA targets, the holiday calendar, canned responses.
    ManageSettings,
    /// Read and verify the audit log.
    ViewAudit,
    /// The portal's content: articles, categories, pages, comments, officials, agenda, links.
    ManageContent,
}

/// How much identity a role sees on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityView {
    /// "Identitas dirahasiakan": nothing at all.
    Hidden,
    /// Name shown; NIK, phone, email and address masked, with no way to reveal them.
    Masked,
    /// Name shown; the rest masked until the user presses "show", which is audited.
    Revealable,
}

impl Role {
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[ManageUsers, ManageSettings, ViewAudit],
            Role::Pengelola => &[
                ViewComplaints,
                HandleComplaints,
                RecordIntake,
                RevealIdentity,
                ViewDashboard,
                IssuePin,
                ManagePublication,
            ],
            Role::Petugas => &[ViewComplaints, HandleComplaints, RecordIntake, RevealIdentity],
            Role::Kades => &[ViewComplaints, DecideObjections, ViewDashboard, ViewAudit],
            Role::Pengawas => &[ViewComplaints, ViewDashboard],
            Role::Redaksi => &[ManageContent],
        }
    }

    /// Only the complaint manager sees `rahasia` identities; `pengawas` never sees identities.
    pub fn identity_view(self, mode: IdentityMode) -> IdentityView {
        match (self, mode) {
            (_, IdentityMode::Anonim) => IdentityView::Hidden,
            (Role::Pengelola, _) => IdentityView::Revealable,
            (Role::Petugas, IdentityMode::Biasa) => IdentityView::Revealable,
            (Role::Kades, IdentityMode::Biasa) => IdentityView::Masked,
            _ => IdentityView::Hidden,
        }
    }
}

/// The roles a user holds, taken together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(mut roles: Vec<Role>) -> Self {
        roles.sort();
        roles.dedup();
        Roles(roles)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.0.iter().any(|r| r.permissions().contains(&permission))
    }

    /// The most a user sees of an identity on one case, over their roles. An officer's rights
    /// reach only the cases assigned to them, whatever other roles they also hold.
    pub fn identity_view(&self, mode: IdentityMode, assigned_to_me: bool) -> IdentityView {
        let rank = |v: IdentityView| match v {
            IdentityView::Hidden => 0,
            IdentityView::Masked => 1,
            IdentityView::Revealable => 2,
        };
        self.0
            .iter()
            .filter(|r| **r != Role::Petugas || assigned_to_me)
            .map(|r| r.identity_view(mode))
            .max_by_key(|v| rank(*v))
            .unwrap_or(IdentityView::Hidden)
    }

    /// Which cases this user may find by their citizen's identity: `(identity modes on every
    /// case, identity modes on the cases assigned to them)`. A name is found where the name is
    /// shown; a phone, email or NIK only where the user may reveal it, since the look-up itself
    /// tells whose case it is.
    pub fn identity_search(&self, exact: bool) -> (Vec<IdentityMode>, Vec<IdentityMode>) {
        let enough = |v: IdentityView| match v {
            IdentityView::Hidden => false,
            IdentityView::Masked => !exact,
            IdentityView::Revealable => true,
        };
        let modes = [IdentityMode::Biasa, IdentityMode::Rahasia];
        let everywhere: Vec<IdentityMode> =
            modes.into_iter().filter(|m| enough(self.identity_view(*m, false))).collect();
        let assigned =
            modes.into_iter().filter(|m| !everywhere.contains(m) && enough(self.identity_view(*m, true))).collect();
        (everywhere, assigned)
    }

    /// Officers who are not also managers or overseers see only the cases assigned to them.
    pub fn sees_only_assigned(&self) -> bool {
        self.has(Role::Petugas) && !self.0.iter().any(|r| matches!(r, Role::Pengelola | Role::Kades | Role::Pengawas))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn identity_is_searched_only_where_it_is_shown() {
        use IdentityMode::*;
        let of = |roles: &[Role], exact| Roles::new(roles.to_vec()).identity_search(exact);
        assert_eq!(of(&[Role::Pengelola], true), (vec![Biasa, Rahasia], vec![]));
        assert_eq!(of(&[Role::Petugas], true), (vec![], vec![Biasa]));
        assert_eq!(of(&[Role::Kades], false), (vec![Biasa], vec![]));
        assert_eq!(of(&[Role::Kades], true), (vec![], vec![]));
        assert_eq!(of(&[Role::Kades, Role::Petugas], true), (vec![], vec![Biasa]));
        assert_eq!(of(&[Role::Pengawas], false), (vec![], vec![]));
        assert_eq!(of(&[Role::Admin, Role::Redaksi], false), (vec![], vec![]));
    }

    use super::*;

    #[test]
    fn rahasia_is_for_the_manager_alone() {
        for role in Role::ALL {
            let expected = if role == Role::Pengelola { IdentityView::Revealable } else { IdentityView::Hidden };
            assert_eq!(role.identity_view(IdentityMode::Rahasia), expected, "{role:?}");
            assert_eq!(role.identity_view(IdentityMode::Anonim), IdentityView::Hidden);
        }
        assert_eq!(Role::Pengawas.identity_view(IdentityMode::Biasa), IdentityView::Hidden);
    }

    #[test]
    fn combined_roles_take_the_widest_view_an_officer_only_on_assigned_cases() {
        let r = Roles::new(vec![Role::Pengawas, Role::Petugas]);
        assert_eq!(r.identity_view(IdentityMode::Biasa, true), IdentityView::Revealable);
        assert_eq!(r.identity_view(IdentityMode::Biasa, false), IdentityView::Hidden);
        let k = Roles::new(vec![Role::Kades, Role::Petugas]);
        assert_eq!(k.identity_view(IdentityMode::Biasa, false), IdentityView::Masked);
        assert_eq!(k.identity_view(IdentityMode::Biasa, true), IdentityView::Revealable);
        let m = Roles::new(vec![Role::Pengelola, Role::Petugas]);
        assert_eq!(m.identity_view(IdentityMode::Rahasia, false), IdentityView::Revealable);
        assert!(!r.sees_only_assigned());
        assert!(Roles::new(vec![Role::Petugas]).sees_only_assigned());
    }

    #[test]
    fn admin_and_redaksi_never_see_complaints() {
        for role in [Role::Admin, Role::Redaksi] {
            assert!(!Roles::new(vec![role]).can(Permission::ViewComplaints));
        }
        assert!(Roles::new(vec![Role::Kades]).can(Permission::DecideObjections));
        assert!(!Roles::new(vec![Role::Pengelola]).can(Permission::DecideObjections));
    }
}
