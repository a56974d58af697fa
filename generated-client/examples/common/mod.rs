//! What every example shares: reading its flags (`-h`/`--help` included), the help text with the
//! environment variables the client reads, printing the result as JSON, and the exit status.
//!
//! Each example includes this file with `mod common;`; a folder of `examples/` without a
//! `main.rs` is not an example of its own.

use std::error::Error;
use std::fmt::Display;
use std::future::Future;
use std::process::ExitCode;
use std::str::FromStr;

use lexopt::{Arg, ValueExt as _};
use ncloud_client::runtime::credentials::{ACCESS_KEY_VARS, DEFAULT_PROFILE, PROFILE_VAR, SECRET_KEY_VARS};

/// What `--help` says about an example.
pub struct Help {
    /// The example's name, as `cargo run --example NAME` takes it.
    pub name: &'static str,
    /// What it does, in one paragraph or more.
    pub about: &'static str,
    /// Its flags, as they follow `usage: NAME`.
    pub usage: &'static str,
}

impl Help {
    /// The whole `--help` text: what the example does, its flags, the environment it reads and
    /// its exit status.
    pub fn text(&self) -> String {
        let Help { name, about, usage } = self;
        let about: Vec<String> = about.split("\n\n").map(|paragraph| wrap(paragraph, "", "")).collect();
        let about = about.join("\n\n");
        let usage = wrap(&format!("{name} {usage}"), "usage: ", "         ");
        let access = ACCESS_KEY_VARS.join(" or ");
        let secret = SECRET_KEY_VARS.join(" or ");
        format!(
            "{about}

{usage}
       {name} -h|--help

environment (read as Client::builder().from_env() reads it):
  {access}
                    the access key
  {secret}
                    its secret key; without both keys, one profile of ~/.ncloud/configure is
                    read instead
  {PROFILE_VAR:<17} that profile (default: {DEFAULT_PROFILE})
  NCLOUD_API_GW     send every call to this scheme and host instead of NCP's (else to the
                    profile's ncloud_api_url, if any), e.g. to the http://127.0.0.1:PORT of the
                    fake gateway (cargo run -p ncloud-fake-gateway)
  NCLOUD_SITE       public (the default), gov or fin
  NCLOUD_REGION     the regionCode of every call to an action that takes one, when the request
                    sets none

exit status: 0 done (the result as JSON on stdout), 1 a call failed (what was done before it, if
anything, still as JSON on stdout), 2 bad flags
"
        )
    }
}

/// The width `--help` is wrapped to.
const WIDTH: usize = 100;

/// `text` in lines of at most [`WIDTH`] columns (a longer word stands alone), the first line
/// after `first`, the others after `rest`. A space inside `[…]` does not break a line.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut words = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ' ' | '\n' if depth == 0 => {
                words.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    words.push(&text[start..]);
    let mut out = String::from(first);
    let mut column = first.len();
    let mut line_empty = true;
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        if !line_empty && column + 1 + word.len() > WIDTH {
            out.push('\n');
            out.push_str(rest);
            column = rest.len();
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
        line_empty = false;
    }
    out
}

/// Why an example stops before calling NCP.
#[derive(Debug)]
pub enum Stop {
    /// `-h` or `--help`: print the help and exit 0.
    Help,
    /// A flag that is unknown, missing, without its value or with a value that does not parse:
    /// say so in one line and exit 2.
    Usage(String),
}

impl From<lexopt::Error> for Stop {
    fn from(error: lexopt::Error) -> Self {
        Stop::Usage(error.to_string())
    }
}

/// The command line, read flag by flag: `while let Some(arg) = flags.next()? { match arg { … } }`,
/// with `other => return Err(other.unexpected().into())` for the flags an example does not take.
pub struct Flags {
    parser: lexopt::Parser,
    /// The flag being read, for messages about its value.
    flag: String,
}

impl Flags {
    fn from_env() -> Self {
        Flags {
            parser: lexopt::Parser::from_env(),
            flag: String::new(),
        }
    }

    /// The next flag or value; `Err(Stop::Help)` for `-h` and `--help`.
    pub fn next(&mut self) -> Result<Option<Arg<'_>>, Stop> {
        let arg = self.parser.next()?;
        match &arg {
            Some(Arg::Short('h') | Arg::Long("help")) => return Err(Stop::Help),
            Some(Arg::Long(name)) => self.flag = format!("--{name}"),
            Some(Arg::Short(letter)) => self.flag = format!("-{letter}"),
            Some(Arg::Value(_)) | None => {}
        }
        Ok(arg)
    }

    /// The value of the flag just read, as text.
    pub fn string(&mut self) -> Result<String, Stop> {
        Ok(self.parser.value()?.string()?)
    }

    /// The value of the flag just read, parsed (a number, an enum code, `xml|json`).
    pub fn parse<T>(&mut self) -> Result<T, Stop>
    where
        T: FromStr,
        T::Err: Display,
    {
        let value = self.string()?;
        value
            .parse()
            .map_err(|error| Stop::Usage(format!("invalid value {value:?} for {}: {error}", self.flag)))
    }
}

/// A run that stopped after it had done something (created or deleted): what it did, and why it
/// stopped. [`main`] prints `done` as the result (with the error in it, as `"error"`) on stdout
/// and the error on stderr, and exits 1, so that a failed step never hides an earlier one.
#[allow(dead_code)] // only the examples with several steps stop half-way
#[derive(Debug)]
pub struct Failed {
    /// What the run did before it stopped, as its JSON result would say it.
    pub done: serde_json::Value,
    /// Why it stopped.
    pub error: Box<dyn Error>,
}

#[allow(dead_code)] // only the examples with several steps stop half-way
impl Failed {
    /// `error`, after `done`: for `run`'s `Err`.
    pub fn after(done: serde_json::Value, error: Box<dyn Error>) -> Box<dyn Error> {
        Box::new(Failed { done, error })
    }
}

impl Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl Error for Failed {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.error.as_ref())
    }
}

/// `value`, or the usage error that `flag` is missing.
#[allow(dead_code)] // an example without required flags does not use it
pub fn required<T>(value: Option<T>, flag: &str) -> Result<T, Stop> {
    value.ok_or_else(|| Stop::Usage(format!("missing {flag}")))
}

/// Runs an example: reads its flags with `options`, then `run`s it on a single-threaded tokio
/// runtime and prints what it returns as pretty JSON.
///
/// `--help` prints the help on stdout and exits 0; a bad flag prints one line and a hint on
/// stderr and exits 2; a failed run prints `error: …` on stderr and exits 1, after printing
/// what it did on stdout when it stopped half-way ([`Failed`]).
pub fn main<O, T, F>(
    help: &Help,
    options: impl FnOnce(&mut Flags) -> Result<O, Stop>,
    run: impl FnOnce(O) -> F,
) -> ExitCode
where
    F: Future<Output = Result<T, Box<dyn Error>>>,
    T: serde::Serialize,
{
    let options = match options(&mut Flags::from_env()) {
        Ok(options) => options,
        Err(Stop::Help) => {
            print!("{}", help.text());
            return ExitCode::SUCCESS;
        }
        Err(Stop::Usage(message)) => {
            eprintln!("error: {message}");
            eprintln!(
                "For the flags and the environment variables, try `{} --help`.",
                help.name
            );
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let printed = runtime
        .block_on(run(options))
        .and_then(|result| Ok(serde_json::to_string_pretty(&result)?));
    match printed {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            if let Some(Failed { done, error }) = error.downcast_ref::<Failed>() {
                let mut done = done.clone();
                if let Some(fields) = done.as_object_mut() {
                    fields.insert("error".into(), error.to_string().into());
                }
                match serde_json::to_string_pretty(&done) {
                    Ok(json) => println!("{json}"),
                    Err(json_error) => eprintln!("error: cannot print what was done: {json_error}"),
                }
            }
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
