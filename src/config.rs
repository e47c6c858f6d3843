//! The client configuration file in the reference's `omicli.conf` format (docs/SPEC.md §6):
//! `protocolhandler=NAME,LIBRARY,ENTRYPOINT,MAJOR,MINOR` (any number),
//! `defaultlocalprotocolhandler=NAME`, `defaultremoteprotocolhandler=NAME`, `loglevel=LEVEL`.
//! One `key=value` per line; `#` starts a comment line; blank lines and spaces around keys,
//! `=` and values are ignored; unknown keys are ignored with a warning (other tools share
//! the file). A malformed line makes the whole file an error that names file and line:
//! nothing is ever half-read.

use log::LevelFilter;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Environment variable naming the configuration file.
pub(crate) const CONFIG_ENV: &str = "MI_CONFIG";
/// Where OMI installs it; used when `MI_CONFIG` is not set and the file exists.
#[cfg(not(windows))]
pub(crate) const DEFAULT_CONFIG_PATH: Option<&str> = Some("/etc/opt/omi/conf/omicli.conf");
/// Windows has no OMI installation folder (and a Unix path there would be resolved against
/// the current drive): only `MI_CONFIG` names a file; without it the built-in handler is
/// the only one.
#[cfg(windows)]
pub(crate) const DEFAULT_CONFIG_PATH: Option<&str> = None;

/// One `protocolhandler=` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandlerSpec {
    pub(crate) name: String,
    /// The shared library; a relative path is relative to the configuration file's folder.
    pub(crate) library: PathBuf,
    pub(crate) entry_point: String,
    pub(crate) major: u32,
    pub(crate) minor: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Config {
    pub(crate) handlers: Vec<HandlerSpec>,
    pub(crate) default_local: Option<String>,
    pub(crate) default_remote: Option<String>,
    pub(crate) log_level: Option<LevelFilter>,
    /// `providerregistrationdir=`: OMI's provider registration folder for the provider host.
    pub(crate) registration_dir: Option<PathBuf>,
    /// `providerdir=`: the folder of the provider libraries the registrations name.
    pub(crate) provider_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigError {
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// The interface version this library speaks to protocol handlers.
const HANDLER_MAJOR: u32 = 1;

impl Config {
    pub(crate) fn handler(&self, name: &str) -> Option<&HandlerSpec> {
        // Names are matched exactly, as the reference does.
        self.handlers.iter().find(|h| h.name == name)
    }

    /// Parses the text of a configuration file found at `path`.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Config::default();
        for (i, raw) in text.lines().enumerate() {
            let fail = |message: String| ConfigError {
                path: path.to_path_buf(),
                line: i + 1,
                message,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(fail(format!("expected key=value, found {line:?}")));
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "protocolhandler" => {
                    let spec = parse_handler(value, base).map_err(fail)?;
                    if config.handler(&spec.name).is_some() {
                        return Err(fail(format!("protocol handler {:?} is defined twice", spec.name)));
                    }
                    config.handlers.push(spec);
                }
                "defaultlocalprotocolhandler" | "defaultremoteprotocolhandler" => {
                    if value.is_empty() {
                        return Err(fail(format!("{key} needs a handler name")));
                    }
                    let slot = if key.starts_with("defaultlocal") {
                        &mut config.default_local
                    } else {
                        &mut config.default_remote
                    };
                    *slot = Some(value.to_string());
                }
                "providerregistrationdir" | "providerdir" => {
                    if value.is_empty() {
                        return Err(fail(format!("{key} needs a folder")));
                    }
                    let dir = base.join(value);
                    if key == "providerdir" {
                        config.provider_dir = Some(dir);
                    } else {
                        config.registration_dir = Some(dir);
                    }
                }
                "loglevel" => {
                    let level = crate::logging::parse_level(value).ok_or_else(|| {
                        fail(format!(
                            "loglevel {value:?} is not one of FATAL, ERROR, WARNING, INFO, DEBUG, VERBOSE or 0-5"
                        ))
                    })?;
                    config.log_level = Some(level);
                }
                _ => log::warn!("{}:{}: unknown key {key:?} ignored", path.display(), i + 1),
            }
        }
        Ok(config)
    }

    /// The configuration file's path: `MI_CONFIG`, else the default path when it exists (none
    /// on Windows).
    fn path() -> Option<PathBuf> {
        match std::env::var_os(CONFIG_ENV) {
            Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
            _ => DEFAULT_CONFIG_PATH
                .filter(|d| Path::new(d).exists())
                .map(PathBuf::from),
        }
    }

    /// Reads and parses the configuration file; no file at all is an empty configuration
    /// (the built-in handler only).
    pub(crate) fn load() -> Result<Config, ConfigError> {
        let Some(path) = Config::path() else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: path.clone(),
            line: 0,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        Config::parse(&text, &path)
    }

    /// The configuration, shared by the applications of the process: the file is read again
    /// only when its path, size or modification time changed (the reference reads it on
    /// every Initialize and NewSession, which costs more than the rest of those calls).
    /// The cache is dropped when the last application closes ([`forget_cached`]).
    pub(crate) fn shared() -> Result<Arc<Config>, ConfigError> {
        let path = Config::path();
        let stamp = path
            .as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| (m.len(), m.modified().ok()));
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = cache.as_ref()
            && c.path == path
            && c.stamp == stamp
        {
            return c.config.clone();
        }
        let config = Config::load().map(Arc::new);
        *cache = Some(Cached {
            path,
            stamp,
            config: config.clone(),
        });
        config
    }
}

/// The shared configuration and what identifies the file it came from.
struct Cached {
    path: Option<PathBuf>,
    stamp: Option<(u64, Option<std::time::SystemTime>)>,
    config: Result<Arc<Config>, ConfigError>,
}

static CACHE: Mutex<Option<Cached>> = Mutex::new(None);

/// Drops the shared configuration (when the last application closes), so that the library
/// holds nothing once no application is open and can be unloaded cleanly.
pub(crate) fn forget_cached() {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner).take();
}

fn parse_handler(value: &str, base: &Path) -> Result<HandlerSpec, String> {
    let fields: Vec<&str> = value.split(',').map(str::trim).collect();
    let [name, library, entry_point, major, minor] = fields[..] else {
        return Err(format!(
            "protocolhandler needs NAME,LIBRARY,ENTRYPOINT,MAJOR,MINOR (5 fields), found {}",
            fields.len()
        ));
    };
    for (what, field) in [("NAME", name), ("LIBRARY", library), ("ENTRYPOINT", entry_point)] {
        if field.is_empty() {
            return Err(format!("protocolhandler: {what} is empty"));
        }
    }
    let number = |what: &str, s: &str| {
        s.parse::<u32>()
            .map_err(|_| format!("protocolhandler: {what} {s:?} is not a number"))
    };
    let (major, minor) = (number("MAJOR", major)?, number("MINOR", minor)?);
    if major != HANDLER_MAJOR {
        return Err(format!(
            "protocolhandler {name:?}: interface version {major}.{minor} is not supported (this library speaks {HANDLER_MAJOR}.x)"
        ));
    }
    let library = Path::new(library);
    let library = if library.is_absolute() {
        library.to_path_buf()
    } else {
        base.join(library)
    };
    Ok(HandlerSpec {
        name: name.to_string(),
        library,
        entry_point: entry_point.to_string(),
        major,
        minor,
    })
}

/// Fuzzing entry (fuzz/fuzz_targets/config_parse.rs): parses `data` as the text of a
/// configuration file (a file that is not UTF-8 is refused before parsing, as
/// `read_to_string` does) and checks what a parse promises: an error names a line of the
/// file that is neither blank nor a comment; a success has well-formed handler entries
/// with unique names, and writing it back out parses to the same configuration.
#[cfg(fuzzing)]
pub fn fuzz_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("/fuzz/omicli.conf");
    let parsed = Config::parse(text, path);
    assert_eq!(parsed, Config::parse(text, path), "parsing is deterministic");
    let config = match parsed {
        Err(e) => {
            let line = text
                .lines()
                .nth(e.line - 1)
                .expect("the error names a line of the file");
            let line = line.trim();
            assert!(
                !line.is_empty() && !line.starts_with('#'),
                "error on a skipped line"
            );
            return;
        }
        Ok(config) => config,
    };
    let mut out = String::new();
    for (i, h) in config.handlers.iter().enumerate() {
        assert!(
            config.handlers[..i].iter().all(|o| o.name != h.name),
            "duplicate handler"
        );
        for field in [&h.name, &h.entry_point] {
            assert!(!field.is_empty() && !field.contains(',') && field.trim() == field.as_str());
        }
        assert!(h.library.is_absolute(), "relative libraries are resolved");
        assert_eq!(h.major, HANDLER_MAJOR);
        let library = h.library.to_str().expect("built from UTF-8");
        out += &format!(
            "protocolhandler={},{library},{},{},{}\n",
            h.name, h.entry_point, h.major, h.minor
        );
    }
    for (key, value) in [
        ("defaultlocalprotocolhandler", &config.default_local),
        ("defaultremoteprotocolhandler", &config.default_remote),
    ] {
        if let Some(v) = value {
            assert!(!v.is_empty() && v.trim() == v.as_str());
            out += &format!("{key}={v}\n");
        }
    }
    if let Some(level) = config.log_level {
        let name = match level {
            LevelFilter::Off => "OFF",
            LevelFilter::Error => "ERROR",
            LevelFilter::Warn => "WARNING",
            LevelFilter::Info => "INFO",
            LevelFilter::Debug => "DEBUG",
            LevelFilter::Trace => "VERBOSE",
        };
        out += &format!("loglevel={name}\n");
    }
    for (key, dir) in [
        ("providerregistrationdir", &config.registration_dir),
        ("providerdir", &config.provider_dir),
    ] {
        if let Some(d) = dir {
            assert!(d.is_absolute(), "relative folders are resolved");
            out += &format!("{key}={}\n", d.to_str().expect("built from UTF-8"));
        }
    }
    assert_eq!(Config::parse(&out, path), Ok(config), "written back:\n{out}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/etc/x/omicli.conf"))
    }

    #[test]
    fn provider_host_folders() {
        let c = parse("providerdir = lib\nproviderregistrationdir=/abs/reg\n").unwrap();
        let base = Path::new("/etc/x");
        assert_eq!(c.provider_dir.as_deref(), Some(base.join("lib").as_path()));
        assert_eq!(c.registration_dir.as_deref(), Some(Path::new("/abs/reg")));
        let e = parse("providerdir =\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("needs a folder"), "{e}");
    }

    #[test]
    fn full_file() {
        let c = parse(
            "# comment\n\n  protocolhandler = A , libA.so , EntryA , 1 , 0 \n\
             protocolhandler=B,/opt/libB.so,EntryB,1,2\n\
             defaultlocalprotocolhandler = A\ndefaultremoteprotocolhandler=B\nloglevel = warning\n\
             httpport=5985\n",
        )
        .unwrap();
        assert_eq!(c.handlers.len(), 2);
        let a = c.handler("A").unwrap();
        assert_eq!(
            a.library,
            PathBuf::from("/etc/x/libA.so"),
            "relative to the file's folder"
        );
        assert_eq!(a.entry_point, "EntryA");
        assert_eq!((a.major, a.minor), (1, 0));
        assert_eq!(c.handler("B").unwrap().library, PathBuf::from("/opt/libB.so"));
        assert!(c.handler("a").is_none(), "names match exactly");
        assert_eq!(c.default_local.as_deref(), Some("A"));
        assert_eq!(c.default_remote.as_deref(), Some("B"));
        assert_eq!(c.log_level, Some(LevelFilter::Warn));
    }

    #[test]
    fn numeric_log_levels() {
        assert_eq!(parse("loglevel=5").unwrap().log_level, Some(LevelFilter::Trace));
        assert_eq!(
            parse("loglevel=Fatal").unwrap().log_level,
            Some(LevelFilter::Error)
        );
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let cases = [
            ("loglevel=WARNING\nno equals sign\n", 2, "key=value"),
            ("protocolhandler=A,libA.so,Entry,1\n", 1, "5 fields"),
            ("protocolhandler=A,libA.so,Entry,1,0,extra\n", 1, "5 fields"),
            ("protocolhandler=A,,Entry,1,0\n", 1, "LIBRARY is empty"),
            ("protocolhandler=A,libA.so,Entry,one,0\n", 1, "not a number"),
            ("protocolhandler=A,libA.so,Entry,2,0\n", 1, "not supported"),
            ("\n\nloglevel=LOUD\n", 3, "loglevel"),
            (
                "protocolhandler=A,a.so,E,1,0\nprotocolhandler=A,b.so,E,1,0\n",
                2,
                "twice",
            ),
            ("defaultlocalprotocolhandler=\n", 1, "needs a handler name"),
        ];
        for (text, line, needle) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.message.contains(needle), "{text:?}: {err}");
            assert!(err.to_string().starts_with("/etc/x/omicli.conf:"), "{err}");
        }
    }

    #[test]
    fn empty_file_is_empty_config() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(parse("# only comments\n   \n").unwrap(), Config::default());
    }
}
