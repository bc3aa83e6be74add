pub const FILE_BYTES: usize = 256 * 1024;
pub const USERS: usize = 8;
pub const STEPS_PER_USER: usize = 64;
pub const SCHEDULE_TURNS: usize = 1024;
pub const ROWS_PER_TABLE: i64 = 10_000;
pub const INVARIANTS: usize = 32;
/// A user's name, in characters (not bytes: "Zoë" is three).
pub const NAME_CHARS: usize = 40;
/// Rows one statement of setup may change.
pub const SETUP_CHANGES_PER_STATEMENT: usize = ROWS_PER_TABLE as usize;
/// Rows one step's statement may change, and rows it may return.
pub const STEP_CHANGES: usize = 1_000;
pub const STEP_RESULT_ROWS: usize = 1_000;
/// Bytes of values one statement may return.
pub const RESULT_BYTES_PER_STATEMENT: usize = 16 * 1024 * 1024;
/// Rows changed and rows read that one run may record, all users
/// together: with the step limits, this is what bounds the history and
/// its JSON. It is checked before each statement.
pub const ROWS_RECORDED_PER_RUN: usize = 5_000;
/// The size of a run's database file.
pub const DATABASE_BYTES: i64 = 64 * 1024 * 1024;
