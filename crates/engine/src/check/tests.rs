//! The graph and the classifier on small hand-written traces.

use super::{analyze, notation};

/// One line per finding: class, kind and users; or the serial order.
fn check(trace: &str, expect: &str) {
    let t = notation::parse(trace);
    let a = analyze(&t, false);
    let mut lines: Vec<String> = a
        .findings
        .iter()
        .map(|f| {
            let class = f.class.map_or("-", |c| c.name());
            format!("{class} {} {}", f.kind.name(), f.users.join(" "))
        })
        .collect();
    if let Some(order) = &a.graph.order {
        let names: Vec<&str> = order.iter().map(|&u| t.unit(u).user.as_str()).collect();
        lines.push(format!("serializable {}", names.join(" ")));
    }
    assert_eq!(lines.join("\n"), expect.trim(), "\ntrace: {trace}");
}

#[test]
fn lost_update_when_both_add_one() {
    check(
        "T1 r x; T2 r x; T1 w x=1; T1 c; T2 w x=1; T2 c",
        "G-single lost_update T2 T1",
    );
}

#[test]
fn lost_update_with_three_users_loses_two_increments() {
    check(
        "A r x; B r x; C r x; A w x=1; A c; B w x=1; B c; C w x=1; C c",
        "G-single lost_update B A\nG-single lost_update C A B",
    );
}

#[test]
fn serial_units_are_serializable() {
    check(
        "T1 r x; T1 w x=1; T1 c; T2 r x; T2 w x=2; T2 c",
        "serializable T1 T2",
    );
}

#[test]
fn a_b_a_is_not_mistaken_for_the_first_a() {
    // T2 reads T1's 1; T4 later writes 1 again. T2 must not come after T4.
    let t = notation::parse("T1 w x=1; T1 c; T2 r x; T3 w x=2; T3 c; T4 w x=1; T4 c; T2 c");
    assert_eq!(
        t.reads[0].observed,
        crate::trace::Observed::Committed { write: 1 }
    );
    check(
        "T1 w x=1; T1 c; T2 r x; T3 w x=2; T3 c; T4 w x=1; T4 c; T2 c",
        "serializable T1 T2 T3 T4",
    );
}

#[test]
fn write_skew_among_three() {
    check(
        "A r x; B r y; C r z; A w y=1; B w z=1; C w x=1; A c; B c; C c",
        "G2-item write_skew A C B",
    );
}

#[test]
fn read_skew() {
    check(
        "T1 r x; T2 w x=1; T2 w y=1; T2 c; T1 r y; T1 c",
        "G-single read_skew T1 T2",
    );
}

#[test]
fn non_repeatable_read() {
    check(
        "T1 r x; T2 w x=1; T2 c; T1 r x; T1 c",
        "G-single non_repeatable_read T1 T2",
    );
}

#[test]
fn phantom_when_a_predicate_changes_between_two_reads() {
    check(
        "T1 p P; T2 w y=3 +P; T2 c; T1 p P; T1 c",
        "G-single phantom_read T1 T2",
    );
}

#[test]
fn write_skew_on_a_predicate() {
    check(
        "T1 p P; T2 p P; T1 w a=1 +P; T2 w b=1 +P; T1 c; T2 c",
        "G2 write_skew T1 T2",
    );
}

#[test]
fn dirty_write_g0() {
    check(
        "T1 wc x=1; T2 wc x=2; T2 wc y=2; T1 wc y=1; T1 c; T2 c",
        "G0 dirty_write T1 T2",
    );
}

#[test]
fn aborted_read_g1a() {
    check(
        "T1 w x=1; T2 ru x; T1 a; T2 c",
        "G1a dirty_read T1 T2\nserializable T2",
    );
}

#[test]
fn intermediate_read_g1b() {
    check(
        "T1 w x=1; T2 ru x; T1 w x=2; T1 c; T2 c",
        "G1b dirty_read T1 T2\nserializable T1 T2",
    );
}

#[test]
fn circular_information_flow_g1c() {
    check(
        "T1 wc x=1; T2 r x; T2 wc y=1; T1 r y; T1 c; T2 c",
        "G1c circular_information_flow T1 T2",
    );
}

#[test]
fn stale_read_is_honest_about_serializability() {
    check(
        "T1 r x; T2 w x=1; T2 c; T1 w y=5; T1 c",
        "- stale_read T1 T2\nserializable T1 T2",
    );
}

#[test]
fn changed_and_changed_back_is_current_again() {
    check(
        "T1 r x; T2 w x=1; T2 c; T3 w x=0; T3 c; T1 w y=5; T1 c",
        "serializable T1 T2 T3",
    );
}

#[test]
fn two_transactions_of_one_user_are_two_units() {
    check(
        "A1 r x; A1 c; B w x=1; B c; A2 r x; A2 w x=2; A2 c",
        "serializable A1 B A2",
    );
}

#[test]
fn aborted_units_are_not_in_the_graph() {
    check(
        "T1 r x; T2 r x; T1 w x=1; T1 a; T2 w x=1; T2 c",
        "serializable T2",
    );
}
