//! `fetch-metadata` against a local HTTP server that this test starts on
//! 127.0.0.1 (never the internet): a good CSDL lands with its record, and
//! every kind of failure leaves the previous file byte for byte.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use generator::fetch::{fetch, Request};
use generator::lock::{fetch_record_path, hash_inputs, sha256_hex, Fetched};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Serves `csdl` and the failure cases until the test ends.
fn serve(csdl: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let csdl = csdl.clone();
            std::thread::spawn(move || answer(stream, &csdl));
        }
    });
    format!("http://{addr}")
}

fn answer(mut s: TcpStream, csdl: &[u8]) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let reply = |s: &mut TcpStream, status: &str, mime: &str, body: &[u8], length: usize| {
        let _ = write!(
            s,
            "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        );
        let _ = s.write_all(body);
        let _ = s.flush();
    };
    match path.as_str() {
        "/beta/$metadata" => reply(&mut s, "200 OK", "application/xml", csdl, csdl.len()),
        "/missing" => reply(&mut s, "404 Not Found", "text/plain", b"no", 2),
        "/truncated" => {
            let half = &csdl[..csdl.len() / 2];
            reply(&mut s, "200 OK", "application/xml", half, csdl.len());
        }
        "/html" => {
            let page = b"<!DOCTYPE html><html><body>Sign in</body></html>";
            reply(
                &mut s,
                "200 OK",
                "text/html; charset=utf-8",
                page,
                page.len(),
            );
        }
        "/html-as-xml" => {
            let page = b"<!DOCTYPE html><html><body>Sign in</body></html>";
            reply(&mut s, "200 OK", "application/xml", page, page.len());
        }
        "/not-csdl" => {
            let xml = b"<?xml version=\"1.0\"?><feed><entry/></feed>";
            reply(&mut s, "200 OK", "application/xml", xml, xml.len());
        }
        "/cut-csdl" => {
            // A complete HTTP answer whose XML stops mid-document.
            let cut = &csdl[..csdl.len() * 2 / 3];
            reply(&mut s, "200 OK", "application/xml", cut, cut.len());
        }
        "/huge" => reply(&mut s, "200 OK", "application/xml", b"", 1 << 30),
        "/slow" => std::thread::sleep(Duration::from_secs(5)),
        _ => reply(&mut s, "500 Internal Server Error", "text/plain", b"?", 1),
    }
}

fn request(url: String, out: &Path) -> Request {
    Request {
        url,
        out: out.to_path_buf(),
        timeout: Duration::from_secs(2),
        max_bytes: 64 * 1024 * 1024,
    }
}

/// The CSDL served: the largest of the corpus when it is there, our own otherwise.
fn served_csdl() -> Vec<u8> {
    match common::corpus() {
        Some(c) => std::fs::read(c.join("csdl/beta-usnat-2026-08.csdl")).unwrap(),
        None => std::fs::read(root().join("metadata/graph-beta-intune.xml")).unwrap(),
    }
}

#[test]
fn a_good_csdl_lands_with_its_record_and_the_lock_copies_it() {
    let csdl = served_csdl();
    let base = serve(csdl.clone());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fetched/graph-beta.xml");
    let url = format!("{base}/beta/$metadata");
    let o = fetch(&request(url.clone(), &out), &mut ()).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), csdl);
    assert!(o.changed);
    assert!(o.counts.0 > 0, "{:?}", o.counts);
    let record: Fetched =
        serde_json::from_str(&std::fs::read_to_string(fetch_record_path(&out)).unwrap()).unwrap();
    assert_eq!(record.url, url);
    assert_eq!(record.sha256, sha256_hex(&csdl));
    assert_eq!(record.size, csdl.len() as u64);
    assert!(record.fetched.ends_with('Z'), "{}", record.fetched);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // The lock of a crate generated from it names the source.
    let (inputs, _) = hash_inputs(std::slice::from_ref(&out), &[], dir.path()).unwrap();
    assert_eq!(
        inputs[0].source.as_ref().map(|s| s.url.as_str()),
        Some(url.as_str())
    );
    assert_eq!(inputs[0].path, "fetched/graph-beta.xml");

    // Fetched again: same bytes, reported unchanged.
    let o = fetch(&request(url, &out), &mut ()).unwrap();
    assert!(!o.changed);
}

#[test]
fn every_failure_leaves_the_previous_file_as_it_was() {
    let base = serve(served_csdl());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph-beta.xml");
    let previous = b"<previous file, whatever it was/>".to_vec();
    let previous_record = b"{\"previous\": true}".to_vec();
    std::fs::write(&out, &previous).unwrap();
    std::fs::write(fetch_record_path(&out), &previous_record).unwrap();
    let cases = [
        ("/missing", "404"),
        ("/truncated", "cut short"),
        ("/html", "HTML page"),
        ("/html-as-xml", "HTML page"),
        ("/not-csdl", "not CSDL"),
        ("/cut-csdl", "not CSDL"),
        ("/huge", "over the limit"),
        ("/slow", "within 2 s"),
    ];
    for (path, expected) in cases {
        let e = fetch(&request(format!("{base}{path}"), &out), &mut ()).unwrap_err();
        assert!(
            e.contains(expected),
            "{path}: expected {expected:?} in: {e}"
        );
        assert_eq!(std::fs::read(&out).unwrap(), previous, "{path}");
        assert_eq!(
            std::fs::read(fetch_record_path(&out)).unwrap(),
            previous_record,
            "{path}"
        );
        let entries = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(entries, 2, "{path}: a temporary file was left behind");
    }
    // A connection refused: nothing listens on this port any more.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = fetch(&request(format!("http://{closed}/x"), &out), &mut ()).unwrap_err();
    assert!(e.starts_with("GET http://"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), previous);
}
