//! Every run replays byte for byte, so nothing a scenario can call may
//! depend on the machine or the moment:
//! - `random()` and `randomblob(n)` are replaced, per connection, by a
//!   generator with a fixed seed: the same calls in the same order give the
//!   same values in every run;
//! - the clock SQLite reads for `'now'` (`datetime('now')`, `CURRENT_TIMESTAMP`…)
//!   comes from a VFS that always answers 2000-01-01 00:00:00 UTC;
//! - `total_changes()` counts across runs on a reused connection, so the
//!   authorizer refuses it (see `authorize`).

use rusqlite::ffi;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use std::ffi::{c_int, CStr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};

/// The VFS every connection opens with: the default one with a fixed clock.
pub const FIXED_CLOCK_VFS: &CStr = c"interleave-fixed-clock";

/// 2000-01-01 00:00:00 UTC as a Julian day number in milliseconds.
const FIXED_JULIAN_MS: i64 = 211_813_444_800_000;

/// The seed of every connection's `random()`.
const SEED: u64 = 0x1e7e_a5ed_2026_0001;

unsafe extern "C" fn fixed_time(_: *mut ffi::sqlite3_vfs, out: *mut f64) -> c_int {
    *out = FIXED_JULIAN_MS as f64 / 86_400_000.0;
    ffi::SQLITE_OK
}

unsafe extern "C" fn fixed_time_ms(
    _: *mut ffi::sqlite3_vfs,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    *out = FIXED_JULIAN_MS;
    ffi::SQLITE_OK
}

/// Registers the fixed-clock VFS once per process: a copy of the default
/// VFS (files, locks and all) whose clock methods are replaced.
pub fn register_fixed_clock() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: the default VFS lives for the process; the copy is leaked
        // so it does too, as sqlite3_vfs_register requires. Its methods read
        // their state through pAppData, which the copy keeps.
        unsafe {
            let default = ffi::sqlite3_vfs_find(std::ptr::null());
            assert!(!default.is_null(), "SQLite has a default VFS");
            let mut vfs: ffi::sqlite3_vfs = *default;
            vfs.pNext = std::ptr::null_mut();
            vfs.zName = FIXED_CLOCK_VFS.as_ptr();
            vfs.xCurrentTime = Some(fixed_time);
            if vfs.iVersion >= 2 {
                vfs.xCurrentTimeInt64 = Some(fixed_time_ms);
            }
            let rc = ffi::sqlite3_vfs_register(Box::leak(Box::new(vfs)), 0);
            assert_eq!(rc, ffi::SQLITE_OK, "registering the fixed-clock VFS");
        }
    });
}

/// splitmix64: small, fast, and the same everywhere.
pub fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The generator's state; [`Seed::restart`] makes a reused connection give
/// the same values as a new one.
#[derive(Clone)]
pub struct Seed(Arc<AtomicU64>);

impl Seed {
    pub fn restart(&self) {
        self.0.store(SEED, Ordering::Relaxed);
    }
}

/// Replaces `random()` and `randomblob(n)` on this connection by seeded ones.
pub fn seed_random(db: &Connection) -> rusqlite::Result<Seed> {
    let state = Arc::new(AtomicU64::new(SEED));
    let seed = Seed(state.clone());
    let s = state.clone();
    // Not DETERMINISTIC in SQLite's sense: each call gives a new value.
    // INNOCUOUS as the built-ins are, so triggers and views may call them
    // with trusted_schema off.
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS;
    db.create_scalar_function("random", 0, flags, move |_| {
        let mut v = s.load(Ordering::Relaxed);
        let out = next(&mut v);
        s.store(v, Ordering::Relaxed);
        Ok(out as i64)
    })?;
    db.create_scalar_function("randomblob", 1, flags, move |ctx| {
        let n = ctx.get::<i64>(0).unwrap_or(1).clamp(1, 1_000_000) as usize;
        let mut v = state.load(Ordering::Relaxed);
        let mut bytes = Vec::with_capacity(n);
        while bytes.len() < n {
            bytes.extend_from_slice(&next(&mut v).to_le_bytes());
        }
        bytes.truncate(n);
        state.store(v, Ordering::Relaxed);
        Ok(bytes)
    })?;
    Ok(seed)
}
