//! `cargo xtask fetch-metadata`: download Graph's CSDL, check that it is
//! CSDL with our own reader, and only then put it in place, with a record of
//! where it came from (`FILE.fetch.json`, which the lock file copies).
//!
//! The body streams to a temporary file beside the target while its SHA-256
//! is computed. A failed status, a body cut short, an HTML page, XML that is
//! not CSDL, a timeout or a body over the size limit is an error, and the
//! previous file (and its record) stay byte for byte.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::lock::{fetch_record_path, Fetched};

/// Graph beta's CSDL.
pub const DEFAULT_URL: &str = "https://graph.microsoft.com/beta/$metadata";

/// Where it goes by default, relative to the project root: beside, not in,
/// `metadata/` (whose CSDL is the seed area's, read by the tests).
pub const DEFAULT_OUT: &str = "metadata/fetched/graph-beta.xml";

/// What to fetch and how.
#[derive(Debug, Clone)]
pub struct Request {
    /// The URL (`http` or `https`).
    pub url: String,
    /// The file to write.
    pub out: PathBuf,
    /// The whole download's time limit.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
}

/// How far a download is: bytes so far and the total when the server said.
pub trait Progress {
    /// Called as bytes arrive.
    fn advance(&mut self, done: u64, total: Option<u64>);
}

/// No progress shown.
impl Progress for () {
    fn advance(&mut self, _: u64, _: Option<u64>) {}
}

/// What a successful fetch did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The record written beside the file.
    pub record: Fetched,
    /// Whether the file's content changed.
    pub changed: bool,
    /// Counts of what the CSDL defines: (structured types, enums, operations).
    pub counts: (usize, usize, usize),
}

/// Download `r.url` to `r.out`. On error the message says what went wrong
/// and `r.out` is as it was.
pub fn fetch(r: &Request, progress: &mut dyn Progress) -> Result<Outcome, String> {
    let parent = r
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = r
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "metadata.xml".into());
    let temp = parent.join(format!(".{name}.download-{}", std::process::id()));
    let result = download(r, &temp, progress).and_then(|(sha256, size)| {
        let counts = validate(&temp, &r.url)?;
        Ok((sha256, size, counts))
    });
    let (sha256, size, counts) = match result {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    let changed = std::fs::read(&r.out)
        .map(|old| crate::lock::sha256_hex(&old) != sha256)
        .unwrap_or(true);
    std::fs::rename(&temp, &r.out).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot move the download to {}: {e}", r.out.display())
    })?;
    let record = Fetched {
        url: r.url.clone(),
        sha256,
        size,
        fetched: now_rfc3339(),
    };
    let record_path = fetch_record_path(&r.out);
    let text = serde_json::to_string_pretty(&record).unwrap_or_default() + "\n";
    let temp_record = parent.join(format!(".{name}.fetch-{}", std::process::id()));
    std::fs::write(&temp_record, text)
        .and_then(|_| std::fs::rename(&temp_record, &record_path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp_record);
            format!("cannot write {}: {e}", record_path.display())
        })?;
    Ok(Outcome {
        record,
        changed,
        counts,
    })
}

/// Stream the body to `temp`; its SHA-256 and size.
fn download(
    r: &Request,
    temp: &Path,
    progress: &mut dyn Progress,
) -> Result<(String, u64), String> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(r.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("msgraph-generator/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = config.into();
    let mut response = agent
        .get(&r.url)
        .header("Accept", "application/xml")
        .call()
        .map_err(|e| format!("GET {}: {}", r.url, describe(&e, r.timeout)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "GET {}: the server answered {status}; expected 200 with the CSDL",
            r.url
        ));
    }
    let mime = response.body().mime_type().map(str::to_owned);
    if mime.as_deref().is_some_and(|m| m.contains("html")) {
        return Err(format!(
            "GET {}: the server sent an HTML page ({}), not CSDL XML (a sign-in or error page?)",
            r.url,
            mime.unwrap_or_default()
        ));
    }
    let total = response.body().content_length();
    if total.is_some_and(|t| t > r.max_bytes) {
        return Err(format!(
            "GET {}: the body is {} bytes, over the limit of {} (--max-mib)",
            r.url,
            total.unwrap_or_default(),
            r.max_bytes
        ));
    }
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(r.max_bytes)
        .reader();
    let mut file = std::fs::File::create(temp)
        .map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut done: u64 = 0;
    loop {
        let n = reader.read(&mut buf).map_err(|e| {
            format!(
                "GET {}: the body was cut short after {done} bytes{}: {e}",
                r.url,
                total.map(|t| format!(" of {t}")).unwrap_or_default()
            )
        })?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        file.write_all(chunk)
            .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
        done += n as u64;
        progress.advance(done, total);
    }
    if let Some(t) = total {
        if done != t {
            return Err(format!(
                "GET {}: the body was cut short: {done} of {t} bytes",
                r.url
            ));
        }
    }
    file.sync_all()
        .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
    Ok((crate::lock::hex(&hasher.finalize()), done))
}

fn describe(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (--timeout)",
            timeout.as_secs()
        ),
        other => other.to_string(),
    }
}

/// Read the download as CSDL with the generator's own reader (and model):
/// counts of what it defines, or why it is not CSDL.
fn validate(temp: &Path, url: &str) -> Result<(usize, usize, usize), String> {
    let mut head = [0u8; 512];
    let n = std::fs::File::open(temp)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("cannot read {}: {e}", temp.display()))?;
    let start = String::from_utf8_lossy(head.get(..n).unwrap_or_default()).to_ascii_lowercase();
    if start.contains("<!doctype html") || start.contains("<html") {
        return Err(format!(
            "{url}: the body is an HTML page, not CSDL XML (a sign-in or error page?)"
        ));
    }
    let mut timings = crate::pipeline::Timings::default();
    match crate::pipeline::load(&[temp.to_path_buf()], &mut timings) {
        Ok(m) => Ok((m.types.len(), m.enums.len(), m.operations.len())),
        Err(diags) => {
            let first: Vec<String> = diags
                .iter()
                .take(3)
                .map(|d| d.to_string().replace(&temp.display().to_string(), url))
                .collect();
            Err(format!(
                "{url}: the body is not CSDL that the generator can read ({} error(s)); nothing was replaced:\n{}",
                diags.len(),
                first.join("\n")
            ))
        }
    }
}

/// Now, as RFC 3339 in UTC.
fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
