//! The sandbox against hostile SQL, on real connections.

use super::*;

#[test]
fn refuses_attach_and_creates_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("stolen.db");
    let mut c = Conn::open_in_memory().unwrap();
    let err = c
        .exec(
            &format!("ATTACH '{}' AS x", target.display()),
            STEP_BUDGET_TICKS,
        )
        .unwrap_err();
    assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
    assert!(!target.exists());
    let err = c
        .exec(
            &format!("VACUUM INTO '{}'", target.display()),
            STEP_BUDGET_TICKS,
        )
        .unwrap_err();
    assert!(matches!(err, StmtError::Refused(_)));
    assert!(!target.exists());
    let err = c
        .exec("SELECT load_extension('x')", STEP_BUDGET_TICKS)
        .unwrap_err();
    assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
    let err = c
        .exec("PRAGMA journal_mode = DELETE", STEP_BUDGET_TICKS)
        .unwrap_err();
    assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
    c.exec("PRAGMA table_info('sqlite_schema')", STEP_BUDGET_TICKS)
        .unwrap();
}

#[test]
fn stops_a_runaway_query_quickly() {
    let mut c = Conn::open_in_memory().unwrap();
    let err = c.exec("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", STEP_BUDGET_TICKS).unwrap_err();
    assert!(
        matches!(err, StmtError::Runaway { millions: 5, .. }),
        "{err:?}"
    );
}

#[test]
fn records_footprint_and_changes() {
    let mut c = Conn::open_in_memory().unwrap();
    c.exec_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 10);")
        .unwrap();
    let r = c
        .exec("SELECT v FROM t WHERE id = 1", STEP_BUDGET_TICKS)
        .unwrap();
    assert_eq!(r.rows, vec![vec![Value::Integer(10)]]);
    assert!(
        r.footprint.reads.contains(&"t.v".to_string())
            && r.footprint.reads.contains(&"t.id".to_string()),
        "{:?}",
        r.footprint
    );
    let r = c
        .exec("UPDATE t SET v = v + 1 WHERE id = 1", STEP_BUDGET_TICKS)
        .unwrap();
    assert_eq!(r.changes.len(), 1);
    assert_eq!(r.changes[0].new.as_ref().unwrap()[1], Value::Integer(11));
}
