//! A small `log` backend writing to stderr. The level comes from the environment variable
//! `MI_LOG` (error by default); the configuration file's `loglevel=` replaces it while
//! that file is the one in use. A file without `loglevel=`, and a file that is refused,
//! give the level back to `MI_LOG` or the default, so a configuration error is always
//! shown at the default level (docs/STATUS.md).
//! Accepted: `off`, the reference's `FATAL ERROR WARNING INFO DEBUG VERBOSE` (any case) or
//! their numbers `0`-`5`, and the `log` crate's `error warn info debug trace`.

use log::{LevelFilter, Log, Metadata, Record};
#[cfg(not(test))]
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

struct StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            // One write per line so lines from several threads do not interleave.
            let line = format!("libmi: {}: {}\n", record.level(), record.args());
            // In the crate's unit tests: kept by `capture::lines` if the test asked, else
            // through libtest's output capture (shown with a failing test's output only).
            #[cfg(test)]
            if !capture::take(&line) {
                eprint!("{line}");
            }
            #[cfg(not(test))]
            let _ = std::io::stderr().lock().write_all(line.as_bytes());
        }
    }

    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;
static INIT: Once = Once::new();
/// Whether `LOGGER` is the process's logger (a host's own logger keeps its own level).
static OURS: AtomicBool = AtomicBool::new(false);
/// The level `MI_LOG` (or the default) asked for, as `LevelFilter as usize`.
static ENV_LEVEL: AtomicUsize = AtomicUsize::new(LevelFilter::Error as usize);

/// Parses a level as the environment variable and the configuration file spell it.
pub(crate) fn parse_level(text: &str) -> Option<LevelFilter> {
    let level = match text.trim().to_ascii_uppercase().as_str() {
        "OFF" | "NONE" => LevelFilter::Off,
        "0" | "FATAL" | "1" | "ERROR" => LevelFilter::Error,
        "2" | "WARNING" | "WARN" => LevelFilter::Warn,
        "3" | "INFO" => LevelFilter::Info,
        "4" | "DEBUG" => LevelFilter::Debug,
        "5" | "VERBOSE" | "TRACE" => LevelFilter::Trace,
        _ => return None,
    };
    Some(level)
}

/// Installs the logger once per process (cheap after the first call). If the host process
/// already installed a `log` logger (a Rust program linking us as a crate), that one stays.
pub(crate) fn init() {
    INIT.call_once(|| {
        let configured = std::env::var("MI_LOG").ok();
        let level = configured
            .as_deref()
            .and_then(parse_level)
            .unwrap_or(LevelFilter::Error);
        ENV_LEVEL.store(level as usize, Ordering::Relaxed);
        if log::set_logger(&LOGGER).is_ok() {
            OURS.store(true, Ordering::Relaxed);
            log::set_max_level(level);
        }
        if let Some(text) = configured
            && parse_level(&text).is_none()
        {
            log::error!("MI_LOG={text:?} is not a log level; using ERROR");
        }
    });
}

/// The level for a configuration just read: its `loglevel=`, else (none, or the file was
/// refused: `None`) the level of `MI_LOG` or the default. Changes nothing when the host
/// installed its own logger.
pub(crate) fn set_file_level(level: Option<LevelFilter>) {
    init();
    if OURS.load(Ordering::Relaxed) {
        log::set_max_level(level.unwrap_or_else(environment_level));
    }
}

/// The level `MI_LOG` asked for (error when unset or not a level).
fn environment_level() -> LevelFilter {
    [
        LevelFilter::Off,
        LevelFilter::Error,
        LevelFilter::Warn,
        LevelFilter::Info,
        LevelFilter::Debug,
        LevelFilter::Trace,
    ]
    .into_iter()
    .find(|l| *l as usize == ENV_LEVEL.load(Ordering::Relaxed))
    .unwrap_or(LevelFilter::Error)
}

/// For unit tests that provoke an error on purpose: [`capture::lines`] runs a body with
/// this thread's log lines collected instead of written to stderr, so the test can assert
/// the line it expects and a green run prints no alarming `libmi: ERROR` line.
#[cfg(test)]
pub(crate) mod capture {
    use std::cell::RefCell;

    thread_local! {
        static LINES: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    /// Keeps `line` if this thread is capturing; false if it is not.
    pub(super) fn take(line: &str) -> bool {
        LINES.with(|lines| match lines.borrow_mut().as_mut() {
            Some(lines) => {
                lines.push(line.trim_end().to_string());
                true
            }
            None => false,
        })
    }

    /// Runs `body`; returns its result and the lines this thread logged meanwhile.
    pub(crate) fn lines<R>(body: impl FnOnce() -> R) -> (R, Vec<String>) {
        super::init();
        struct Stop;
        impl Drop for Stop {
            fn drop(&mut self) {
                LINES.with(|lines| lines.borrow_mut().take());
            }
        }
        LINES.with(|lines| *lines.borrow_mut() = Some(Vec::new()));
        let stop = Stop;
        let result = body();
        let lines = LINES.with(|lines| lines.borrow_mut().take()).unwrap_or_default();
        drop(stop);
        (result, lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_in_every_spelling() {
        assert_eq!(parse_level("warning"), Some(LevelFilter::Warn));
        assert_eq!(parse_level(" VERBOSE "), Some(LevelFilter::Trace));
        assert_eq!(parse_level("0"), Some(LevelFilter::Error));
        assert_eq!(parse_level("4"), Some(LevelFilter::Debug));
        assert_eq!(parse_level("off"), Some(LevelFilter::Off));
        assert_eq!(parse_level("loud"), None);
        assert_eq!(parse_level("6"), None);
    }

    #[test]
    fn captured_lines_are_returned_not_printed() {
        let (value, lines) = capture::lines(|| {
            log::error!("provoked {}", 1);
            7
        });
        assert_eq!(value, 7);
        assert_eq!(lines, ["libmi: ERROR: provoked 1"]);
        // Capturing ends with the body.
        assert!(!capture::take("after"));
    }
}
