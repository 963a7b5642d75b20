use std::cell::Cell;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use smmbot::cli::{Cli, Command};
use smmbot::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Measured fastest for the bot's many small allocations per update (see the updates bench).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How often a worker thread that goes idle asks the allocator to give freed memory back.
const GIVE_BACK_EVERY: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    // Transparent huge pages would round the allocator's arenas up to 2 MB pages: 34 MB at rest
    // instead of 21 (measured), for no speed a bot needs. Failing is harmless.
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_park(give_back_freed_memory)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("smmbot: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// mimalloc gives the pages a burst freed back to the system only at a later allocation on the
/// thread that freed them, so a bot gone quiet would keep its peak for good. A worker thread
/// about to wait for work asks it to, at most once every [`GIVE_BACK_EVERY`]: pages free for
/// longer than mimalloc's purge delay go back. Once a second is too seldom to show in the CPU
/// per update (measured with the updates bench).
fn give_back_freed_memory() {
    thread_local! {
        static LAST: Cell<Option<Instant>> = const { Cell::new(None) };
    }
    let now = Instant::now();
    if LAST.get().is_some_and(|last| now - last < GIVE_BACK_EVERY) {
        return;
    }
    LAST.set(Some(now));
    // SAFETY: mi_collect only walks the calling thread's own heap and the shared arenas.
    unsafe { libmimalloc_sys::mi_collect(false) };
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run);
    let format = match LogFormat::from_env() {
        Ok(format) => format,
        Err(e) => {
            eprintln!("smmbot: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The one-shot commands print their own results: only warnings from the log, unless
    // RUST_LOG says otherwise. Logs go to stderr, so stdout stays the commands' output.
    // `init` also takes in the `log` records teloxide writes (handler errors among them).
    let default_level = if command == Command::Run { "info" } else { "warn" };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        // One JSON object per line, fields flattened, for journald exports and log pipelines.
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
    }
    smmbot::cli::execute(command).await
}
