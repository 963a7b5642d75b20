//! What a process costs, read from /proc (Linux only).

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

/// One reading of a process.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// User plus system CPU time, in clock ticks; it includes threads that have exited.
    pub cpu_ticks: u64,
    /// Voluntary and involuntary context switches of the threads alive now.
    pub context_switches: u64,
    pub rss_kb: u64,
    pub threads: u64,
}

/// Reads `/proc/<process>` (`process` is a pid or `self`); `None` once the process is gone.
pub fn sample(process: &str) -> Option<Sample> {
    let status = fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    Some(Sample {
        cpu_ticks: cpu_ticks(process)?,
        context_switches: context_switches(process),
        rss_kb: field(&status, "VmRSS:").unwrap_or(0),
        threads: field(&status, "Threads:").unwrap_or(0),
    })
}

/// The resident set of `process`, in kB.
pub fn rss_kb(process: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    field(&status, "VmRSS:")
}

/// CPU ticks all processes of the machine have been busy (`cpu` line of /proc/stat: all but
/// idle and iowait), to tell whether something else competed with the bench.
pub fn machine_busy_ticks() -> u64 {
    let stat = fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().find(|line| line.starts_with("cpu ")) else {
        return 0;
    };
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|n| n.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal ...
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    ticks.iter().take(8).sum::<u64>() - idle
}

/// Clock ticks per second, the unit of /proc CPU times (`getconf CLK_TCK`, else Linux's 100).
pub fn ticks_per_second() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .filter(|ticks| *ticks > 0)
        .unwrap_or(100)
}

/// Each live thread's name and CPU ticks, by thread id: which thread is busy.
pub fn thread_ticks(process: &str) -> BTreeMap<u32, (String, u64)> {
    let Ok(tasks) = fs::read_dir(format!("/proc/{process}/task")) else {
        return BTreeMap::new();
    };
    tasks
        .flatten()
        .filter_map(|task| {
            let tid: u32 = task.file_name().to_str()?.parse().ok()?;
            let path = format!("{process}/task/{tid}");
            let name = fs::read_to_string(format!("/proc/{path}/comm")).ok()?;
            Some((tid, (name.trim().to_owned(), cpu_ticks(&path)?)))
        })
        .collect()
}

/// utime + stime: fields 14 and 15 of /proc/<path>/stat. The command name (field 2) may hold
/// spaces and parentheses, so fields are counted from the last `)`.
fn cpu_ticks(path: &str) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{path}/stat")).ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    // After the name comes field 3 (state): field n is at index n - 3.
    let mut fields = after_name.split_whitespace().skip(14 - 3);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// The sum over the process's threads. /proc/<pid>/status alone would count only the main
/// thread's switches, and a thread's count is lost when it exits (tokio's blocking threads come
/// and go), so this is a lower bound.
fn context_switches(process: &str) -> u64 {
    let Ok(tasks) = fs::read_dir(format!("/proc/{process}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|task| fs::read_to_string(task.path().join("status")).ok())
        .map(|status| {
            field(&status, "voluntary_ctxt_switches:").unwrap_or(0)
                + field(&status, "nonvoluntary_ctxt_switches:").unwrap_or(0)
        })
        .sum()
}

/// The number after `name` on its line of a /proc status file.
fn field(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}
