//! The size limits a statement or a run may not pass, and how each is told.

/// Which size limit a statement went past (the numbers are in `scenario::limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    SetupChanges,
    StepChanges,
    StepResultRows,
    ResultBytes,
    RowsRecordedPerRun,
    DatabaseBytes,
}

impl SizeLimit {
    pub fn message(self) -> String {
        use crate::scenario::limits as l;
        match self {
            SizeLimit::SetupChanges => format!(
                "this statement of setup changes more than {} rows, the most one may",
                l::SETUP_CHANGES_PER_STATEMENT
            ),
            SizeLimit::StepChanges => format!(
                "the statement changes more than {} rows, the most a step may change",
                l::STEP_CHANGES
            ),
            SizeLimit::StepResultRows => format!(
                "the statement returns more than {} rows, the most a step may return",
                l::STEP_RESULT_ROWS
            ),
            SizeLimit::ResultBytes => format!(
                "the statement returns more than {} MiB of values, the most one statement may return",
                l::RESULT_BYTES_PER_STATEMENT / (1024 * 1024)
            ),
            SizeLimit::RowsRecordedPerRun => format!(
                "the run has read and changed more than {} rows in all, the most one run may record",
                l::ROWS_RECORDED_PER_RUN
            ),
            SizeLimit::DatabaseBytes => format!(
                "the database would grow past {} MiB, the most a run's database may hold",
                l::DATABASE_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// What one statement may do, besides its instruction budget.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub changes: usize,
    pub changes_limit: SizeLimit,
    /// `None`: the engine's own queries, bounded by the tables themselves.
    pub rows: Option<usize>,
}

impl Bounds {
    pub const ENGINE: Bounds = Bounds {
        changes: crate::scenario::limits::SETUP_CHANGES_PER_STATEMENT,
        changes_limit: SizeLimit::SetupChanges,
        rows: None,
    };
    pub const STEP: Bounds = Bounds {
        changes: crate::scenario::limits::STEP_CHANGES,
        changes_limit: SizeLimit::StepChanges,
        rows: Some(crate::scenario::limits::STEP_RESULT_ROWS),
    };
}
