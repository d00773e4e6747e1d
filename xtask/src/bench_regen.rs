//! `cargo xtask bench-regen`: whole-process `regenerate` runs paired with
//! Python's bare `xml.etree.ElementTree.parse` of the same CSDL, as a ratio.
//!
//! The pairs alternate, so that both sides of each ratio see the machine in
//! the same mood; the median ratio is the figure to quote.

use crate::bench_compile::{measured, median, sample, Sample};
use std::path::PathBuf;

pub struct Options {
    /// The CSDL files given to `regenerate`; Python parses the first.
    pub metadata: Vec<PathBuf>,
    pub docs: Vec<PathBuf>,
    pub pairs: u32,
    /// The scratch output directory's parent.
    pub scratch: PathBuf,
    pub python: String,
}

pub fn run(o: &Options) -> u8 {
    match bench(o) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn bench(o: &Options) -> Result<(), String> {
    let csdl = o
        .metadata
        .first()
        .ok_or("no CSDL given")?
        .to_str()
        .ok_or("the CSDL's path is not UTF-8")?
        .to_owned();
    let out = o.scratch.join("bench-regen");
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let me = me.to_str().ok_or("this program's path is not UTF-8")?;
    let script = "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])";
    println!(
        "pairs of whole processes: `{} -c '{script}' {csdl}` and `regenerate` into a fresh {}",
        o.python,
        out.display()
    );
    println!(
        "{:>4} {:>9} {:>11} {:>7} {:>12}",
        "pair", "python s", "regen s", "ratio", "regen MiB"
    );
    let (mut ratios, mut python, mut regen) = (Vec::new(), Vec::new(), Vec::new());
    for pair in 1..=o.pairs {
        let mut py = measured(&o.python)?;
        py.arg("-c").arg(script).arg(&csdl);
        let p = sample(&mut py).map_err(|e| format!("{} failed:\n{e}", o.python))?;

        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let mut rg = measured(me)?;
        rg.arg("regenerate");
        for m in &o.metadata {
            rg.arg("--metadata").arg(m);
        }
        if o.docs.is_empty() {
            rg.arg("--no-docs");
        }
        for d in &o.docs {
            rg.arg("--docs").arg(d);
        }
        rg.arg("--out").arg(&out);
        let r = sample(&mut rg).map_err(|e| format!("regenerate failed:\n{e}"))?;
        let ratio = r.secs / p.secs;
        println!(
            "{pair:>4} {:>9.3} {:>11.3} {:>6.2}× {:>12.0}",
            p.secs,
            r.secs,
            ratio,
            r.kib as f64 / 1024.0
        );
        ratios.push(ratio);
        python.push(p);
        regen.push(r);
    }
    let peak = regen.iter().map(|s| s.kib).max().unwrap_or(0);
    println!(
        "median: python {:.3} s, regenerate {:.3} s, ratio {:.2}× (range {:.2}–{:.2}×); best against best {:.2}×; peak RSS {:.0} MiB",
        median(python.iter().map(|s| s.secs)),
        median(regen.iter().map(|s| s.secs)),
        median(ratios.iter().copied()),
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
        best(&regen) / best(&python),
        peak as f64 / 1024.0
    );
    Ok(())
}

fn best(s: &[Sample]) -> f64 {
    s.iter().map(|s| s.secs).fold(f64::INFINITY, f64::min)
}
