//! The real `smmbot` binary as a child process, so that its CPU, context switches and memory
//! are its own and not the fakes' or the customers'. It is stopped on every way out of the
//! bench, a panic included: SIGTERM, then SIGKILL if it has not exited within
//! [`STOP_LIMIT`].

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::telegram::Telegram;

/// The binary measured: this build's, or another one named by `SMMBOT_BENCH_BINARY` (to measure
/// an earlier version with the same bench, for a before-and-after).
fn binary() -> String {
    std::env::var("SMMBOT_BENCH_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_smmbot").to_string())
}

/// How long a stopping bot gets before it is killed.
const STOP_LIMIT: Duration = Duration::from_secs(10);

/// Runs a one-shot command (`migrate`) to its end; panics with its output on failure.
pub fn run_command(dir: &Path, command: &str, env: &[(&str, String)]) {
    let output = Command::new(binary())
        .arg(command)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("start smmbot {command}: {e}"));
    assert!(
        output.status.success(),
        "smmbot {command} failed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub struct Bot {
    child: Child,
    pub pid: u32,
    pub spawned: Instant,
    stderr: PathBuf,
    /// Its long poll is ended at the stop, which would otherwise wait for the poll's timeout.
    telegram: Arc<Telegram>,
}

impl Bot {
    /// Starts `smmbot run` in `dir` with only `env` (no `.env`, nothing inherited); its output
    /// goes to files in `dir`, so that no pipe can fill up.
    pub fn start(dir: &Path, env: &[(&str, String)], telegram: Arc<Telegram>) -> Self {
        let stderr = dir.join("smmbot.stderr");
        let spawned = Instant::now();
        let child = Command::new(binary())
            .arg("run")
            .current_dir(dir)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(File::create(dir.join("smmbot.stdout")).expect("stdout file"))
            .stderr(File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("start smmbot run");
        Self {
            pid: child.id(),
            child,
            spawned,
            stderr,
            telegram,
        }
    }

    /// The pid as /proc names it.
    pub fn proc_name(&self) -> String {
        self.pid.to_string()
    }

    /// Panics if the bot has exited (the end of its log follows, from `drop`).
    pub fn check_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("wait for smmbot") {
            panic!("smmbot exited early ({status})");
        }
    }

    /// Everything the bot logged (warnings and errors only: the bench runs it with
    /// RUST_LOG=warn).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// The last 20 lines of its log.
    fn log_tail(&self) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!("last lines of smmbot's stderr:\n{tail}")
    }

    /// Stops the bot as systemd would and waits for it; `true` if it exited by itself.
    pub fn stop(&mut self) -> bool {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return true;
        }
        // The shell's kill: std cannot send SIGTERM, and this needs no extra dependency.
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        self.telegram.close();
        let deadline = Instant::now() + STOP_LIMIT;
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("smmbot did not stop within {STOP_LIMIT:?} of SIGTERM: killed");
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        // Whatever failed, the bot's own account of it.
        if std::thread::panicking() {
            eprintln!("{}", self.log_tail());
        }
        self.stop();
    }
}
