//! `interleave`: the engine from a terminal. Runs, explores and checks
//! scenario files; prints a text timeline or the JSON contract in the README.
//!
//! Exit codes: 0 when it ran (anomalies are results, not errors), 2 on bad
//! input with `FILE:LINE:COL: message` on stderr wherever a location exists.

mod timeline;

use clap::{Parser, Subcommand, ValueEnum};
use interleave_engine::explore::{explore, ExploreOptions, ExploreReport, Progress, Sample};
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::{self, Journal};
use interleave_engine::strategy::Strategy;
use interleave_engine::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

#[derive(Parser)]
#[command(
    name = "interleave",
    version,
    about = "Two users, one real SQLite database: see the concurrency anomalies and how each strategy prevents them."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// JSON lines: progress as it runs, then one line per class (explore only)
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum JournalArg {
    Wal,
    Delete,
}

impl From<JournalArg> for Journal {
    fn from(j: JournalArg) -> Journal {
        match j {
            JournalArg::Wal => Journal::Wal,
            JournalArg::Delete => Journal::Delete,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario under one strategy and print its timeline.
    Run {
        file: PathBuf,
        /// none, atomic, pessimistic, optimistic or transaction
        #[arg(long, short, default_value = "none")]
        strategy: String,
        /// Turns by user name, e.g. "alice,bob,bob,alice" (default: the file's, else round-robin)
        #[arg(long)]
        schedule: Option<String>,
        #[arg(long, value_enum)]
        journal: Option<JournalArg>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Also run each serial order of the users (at most 4 users) and compare final states
        #[arg(long)]
        serial_orders: bool,
    },
    /// Run every interleaving under each strategy and count the outcomes.
    Explore {
        file: PathBuf,
        /// A strategy, or "all"
        #[arg(long, short, default_value = "all")]
        strategy: String,
        #[arg(long, value_enum)]
        journal: Option<JournalArg>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Explore this many interleavings drawn at random (uniformly, seeded)
        /// instead of all of them
        #[arg(long)]
        sample: Option<usize>,
        /// The sample's seed: the same seed draws the same interleavings
        #[arg(long, default_value_t = 1, requires = "sample")]
        seed: u64,
        /// Run every path of choices instead of one per class of paths that
        /// only swap commuting turns (the counts are the same; it is slower)
        #[arg(long)]
        full: bool,
    },
    /// Validate scenario files without running them.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the scenarios in a folder (default: ./fixtures).
    List { dir: Option<PathBuf> },
    /// Print the JSON Schema of scenario files.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn parse_strategy(s: &str) -> Result<Strategy, Error> {
    Strategy::parse(s).ok_or_else(|| Error::Invalid {
        location: None,
        message: format!(
            "unknown strategy `{s}`; use none, atomic, pessimistic, optimistic or transaction"
        ),
    })
}

/// Writes to stdout; a reader that went away (`| head`) ends the program
/// quietly instead of panicking.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("cannot write the output: {e}");
        std::process::exit(1);
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Io {
        location: None,
        message: e.to_string(),
    })?;
    emit(&format!("{text}\n"));
    Ok(())
}

/// An exploration as JSON lines: one per class (with its strategy), then
/// the report without its classes.
fn print_report_lines(report: &ExploreReport) -> Result<(), Error> {
    let io = |e: serde_json::Error| Error::Io {
        location: None,
        message: e.to_string(),
    };
    for s in &report.strategies {
        for c in &s.classes {
            let line = serde_json::json!({ "strategy": s.strategy, "class": c });
            emit(&format!("{}\n", serde_json::to_string(&line).map_err(io)?));
        }
    }
    let mut summary = serde_json::to_value(report).map_err(io)?;
    for s in summary["strategies"].as_array_mut().into_iter().flatten() {
        s.as_object_mut().map(|o| o.remove("classes"));
    }
    let line = serde_json::json!({ "report": summary });
    emit(&format!("{}\n", serde_json::to_string(&line).map_err(io)?));
    Ok(())
}

fn dispatch(command: Command) -> Result<(), Error> {
    match command {
        Command::Run {
            file,
            strategy,
            schedule,
            journal,
            format,
            serial_orders,
        } => {
            let s = scenario::load(&file)?;
            let schedule = schedule.map(|spec| s.parse_schedule(&spec)).transpose()?;
            let opts = RunOptions {
                strategy: Some(parse_strategy(&strategy)?),
                journal: journal.map(Into::into),
                schedule,
                serial_orders,
            };
            let report = run_scenario(&s, &opts)?;
            match format {
                Format::Json | Format::Jsonl => print_json(&report)?,
                Format::Text => emit(&timeline::render(&report)),
            }
        }
        Command::Explore {
            file,
            strategy,
            journal,
            format,
            sample,
            seed,
            full,
        } => {
            let s = scenario::load(&file)?;
            let strategies = if strategy.eq_ignore_ascii_case("all") {
                Strategy::ALL.to_vec()
            } else {
                vec![parse_strategy(&strategy)?]
            };
            let opts = ExploreOptions {
                strategies,
                journal: journal.map(Into::into),
                threads: 0,
                sample: sample.map(|runs| Sample { runs, seed }),
                reduce: !full,
                background: false,
            };
            // JSON lines stream progress while it runs; the report holds
            // classes, never a cell per execution.
            let progress = |p: Progress| {
                if matches!(format, Format::Jsonl) {
                    let line = serde_json::json!({ "progress": p });
                    emit(&format!("{line}\n"));
                }
            };
            let report = explore(&s, &opts, &progress, &AtomicBool::new(false))?;
            match format {
                Format::Json => print_json(&report)?,
                Format::Jsonl => print_report_lines(&report)?,
                Format::Text => emit(&timeline::render_grid(&report)),
            }
        }
        Command::Check { files } => {
            let mut failures = 0;
            for f in &files {
                match check_file(f) {
                    Ok(title) => emit(&format!("ok  {}  ({title})\n", f.display())),
                    Err(e) => {
                        eprintln!("{e}");
                        failures += 1;
                    }
                }
            }
            if failures > 0 {
                return Err(Error::Invalid {
                    location: None,
                    message: format!("{failures} of {} files failed the check", files.len()),
                });
            }
        }
        Command::List { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("fixtures"));
            let mut files = Vec::new();
            collect_toml(&dir, &mut files).map_err(|e| Error::Io {
                location: None,
                message: format!("{}: {e}", dir.display()),
            })?;
            files.sort();
            for f in files {
                match scenario::load(&f) {
                    Ok(s) => emit(&format!(
                        "{}\n    {}\n    {}\n",
                        f.display(),
                        s.title,
                        s.summary
                    )),
                    Err(e) => emit(&format!("{}\n    (invalid) {e}\n", f.display())),
                }
            }
        }
        Command::Schema => emit(&format!("{}\n", scenario::json_schema())),
    }
    Ok(())
}

fn check_file(f: &Path) -> Result<String, Error> {
    let s = scenario::load(f)?;
    interleave_engine::validate::check_scenario(&s)?;
    Ok(s.title)
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}
