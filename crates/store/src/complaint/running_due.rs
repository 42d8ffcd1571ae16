//! The running clock's deadline as SQL, shared by the queue's overdue view, the dashboard and the
//! deadline sweep.

/// The deadline of the clock that runs in a case's status: verification while `diterima`,
/// resolution while `diproses`, the decision on an objection while `keberatan`. Written exactly
/// as the indexes `complaints_running_due` and `complaints_sweep_breach` hold it, so that both
/// databases answer through them.
pub(crate) const RUNNING_DUE: &str = "(CASE status WHEN 'diterima' THEN verification_due \
     WHEN 'diproses' THEN resolution_due WHEN 'keberatan' THEN objection_due END)";

/// [`RUNNING_DUE`] of the table named `c` in a join.
pub(crate) const RUNNING_DUE_C: &str = "(CASE c.status WHEN 'diterima' THEN c.verification_due \
     WHEN 'diproses' THEN c.resolution_due WHEN 'keberatan' THEN c.objection_due END)";
