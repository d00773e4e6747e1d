//! `cargo xtask bench-parse`: how fast the typed client reads a list page,
//! against `serde_json::from_slice::<serde_json::Value>` on the same bytes
//! (what an untyped client gives its users), in a release build.
//!
//! The page is written from the model: `count` items of the entity type
//! (default `microsoft.graph.managedDevice`), every structural property
//! filled (complex values with all their properties, collections with two
//! items), as Graph sends it. A small program built with `--release` against
//! the crate generated from the same CSDL (with only the area that has the
//! type) parses it through `list().parse(..)` and checks that the typed items
//! serialize back to the same JSON.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use generator::model::{Model, StructType, TypeKind, TypeRef};

/// Options of the bench.
pub struct Options {
    /// The CSDL.
    pub metadata: PathBuf,
    /// The entity type of the items.
    pub type_name: String,
    /// The entity set (or `singleton/navigation`) to list, e.g. `deviceManagement/managedDevices`.
    pub path: String,
    /// The cargo feature that includes it.
    pub feature: String,
    /// How many items.
    pub count: usize,
    /// How many timed runs of each parser.
    pub runs: u32,
    /// Leave `@odata.type` out of the items (Graph sends it first).
    pub no_odata_type: bool,
    /// The scratch directory.
    pub scratch: PathBuf,
    /// The project root.
    pub root: PathBuf,
}

/// Runs the bench. Returns the exit code.
pub fn run(o: &Options) -> u8 {
    match bench(o) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("bench-parse: error: {e}");
            1
        }
    }
}

fn bench(o: &Options) -> Result<(), String> {
    let model =
        generator::pipeline::load(std::slice::from_ref(&o.metadata), &mut Default::default())
            .map_err(|d| format!("{}: {d:?}", o.metadata.display()))?;
    let t = model
        .types
        .get(&o.type_name)
        .ok_or_else(|| format!("no type {} in {}", o.type_name, o.metadata.display()))?;
    std::fs::create_dir_all(&o.scratch).map_err(|e| e.to_string())?;
    let scratch = o.scratch.canonicalize().map_err(|e| e.to_string())?;
    // The body.
    let mut body = String::from(
        "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#items\",\"value\":[",
    );
    for i in 0..o.count {
        if i > 0 {
            body.push(',');
        }
        object(&model, t, i, 0, !o.no_odata_type, &mut body);
    }
    body.push_str("]}");
    let body_path = scratch.join("page.json");
    std::fs::write(&body_path, &body).map_err(|e| e.to_string())?;
    println!(
        "page: {} items of {}, {:.1} MB, {}",
        o.count,
        o.type_name,
        body.len() as f64 / 1e6,
        if o.no_odata_type {
            "no @odata.type"
        } else {
            "@odata.type first where the type has derived types (as Graph sends it)"
        }
    );
    // The crate, and the program.
    let runtime = o.root.join("runtime");
    let options = generator::emit::Options {
        crate_name: "gen-parse".into(),
        runtime_dependency: format!("{{ path = {:?} }}", runtime.display().to_string()),
        ..Default::default()
    };
    let g = generator::pipeline::generate(
        std::slice::from_ref(&o.metadata),
        &options,
        &mut Default::default(),
    )
    .map_err(|d| format!("generation failed: {d:?}"))?;
    generator::pipeline::write_output(&g.output.files, &scratch.join("gen-parse"), true)
        .map_err(|d| d.to_string())?;
    let chain: String = o
        .path
        .split('/')
        .map(|seg| format!(".{}()", generator::emit::naming::field_name(seg)))
        .collect();
    let program = scratch.join("program");
    std::fs::create_dir_all(program.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        program.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask bench-parse`.\n[package]\nname = \"bench-parse\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ngen-parse = {{ path = \"../gen-parse\", default-features = false, features = [{:?}, \"reqwest\"] }}\n\
             msgraph-runtime = {{ path = {:?} }}\nserde_json = \"1\"\nhttp = \"1\"\n\n[workspace]\n\n[profile.release]\ndebug = false\n",
            o.feature,
            runtime.display().to_string()
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(program.join("src/main.rs"), main_rs(&chain, o.runs))
        .map_err(|e| e.to_string())?;
    println!("building the program (release) ...");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet"])
        .current_dir(&program)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the program does not build".into());
    }
    let status = Command::new(scratch.join("target/release/bench-parse"))
        .arg(&body_path)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("the program failed".into())
    }
}

/// The program: parse the page both ways, best of `runs`, then check the round trip.
fn main_rs(chain: &str, runs: u32) -> String {
    format!(
        r#"// Written by `cargo xtask bench-parse`.
use std::time::{{Duration, Instant}};

fn best(runs: u32, mut f: impl FnMut()) -> Duration {{
    (0..runs)
        .map(|_| {{
            let t = Instant::now();
            f();
            t.elapsed()
        }})
        .min()
        .unwrap_or_default()
}}

fn main() {{
    let path = std::env::args().nth(1).expect("the page's path");
    let bytes = std::fs::read(&path).expect("the page");
    let client = gen_parse::Client::new(msgraph_runtime::StaticToken::new("unused"));
    let list = client{chain}.list();
    let response = || http::Response::builder().status(200).header("Content-Type", "application/json").body(bytes.clone()).unwrap();
    // Warm up, and check the typed items against the JSON.
    let page = list.parse(response()).expect("typed parse");
    let tree: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let back = serde_json::to_value(&page.value).unwrap();
    assert_eq!(&back, &tree["value"], "the typed items serialize back to the same JSON");
    let mb = bytes.len() as f64 / 1e6;
    // The response body is cloned outside the timed part.
    let mut typed = Duration::MAX;
    for _ in 0..{runs} {{
        let r = response();
        let t = Instant::now();
        let page = list.parse(r).unwrap();
        typed = typed.min(t.elapsed());
        std::hint::black_box(page);
    }}
    let untyped = best({runs}, || {{
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(v);
    }});
    println!("serde_json::Value: {{:.1}} ms ({{:.0}} MB/s)", untyped.as_secs_f64() * 1e3, mb / untyped.as_secs_f64());
    println!("typed list().parse: {{:.1}} ms ({{:.0}} MB/s)", typed.as_secs_f64() * 1e3, mb / typed.as_secs_f64());
    println!("ratio typed / Value: {{:.2}} (best of {runs} each; the round trip is exact)", typed.as_secs_f64() / untyped.as_secs_f64());
}}
"#
    )
}

/// Writes a JSON object of type `t` with every structural property.
fn object(m: &Model, t: &StructType, i: usize, depth: usize, typed: bool, out: &mut String) {
    out.push('{');
    let mut first = true;
    // Graph names the type of a value whose type has derived types, first.
    if typed && m.derived.contains_key(&t.name) {
        let _ = write!(out, "\"@odata.type\":\"#{}\"", t.name);
        first = false;
    }
    for p in m.all_properties(&t.name) {
        // Streams have no JSON; geography values are left out (no plain literal).
        if p.navigation || p.ty.name == "Edm.Stream" || p.ty.name.starts_with("Edm.Geo") {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, "{:?}:", p.name);
        if p.ty.collection {
            out.push('[');
            for k in 0..2 {
                if k > 0 {
                    out.push(',');
                }
                value(m, &p.ty, &p.name, i + k, depth, typed, out);
            }
            out.push(']');
        } else {
            value(m, &p.ty, &p.name, i, depth, typed, out);
        }
    }
    out.push('}');
}

fn value(
    m: &Model,
    t: &TypeRef,
    name: &str,
    i: usize,
    depth: usize,
    typed: bool,
    out: &mut String,
) {
    match t.kind {
        TypeKind::Complex | TypeKind::Entity => match m.types.get(&t.name) {
            Some(s) if depth < 3 => object(m, s, i, depth + 1, typed, out),
            _ => out.push_str("{}"),
        },
        TypeKind::Enum => {
            let member = m
                .enums
                .get(&t.name)
                .and_then(|e| e.members.get(i % e.members.len().max(1)))
                .map(|mm| mm.name.as_str())
                .unwrap_or("unknown");
            let _ = write!(out, "{member:?}");
        }
        TypeKind::Definition => {
            let underlying = m
                .type_definitions
                .get(&t.name)
                .map(|d| d.underlying.clone())
                .unwrap_or_else(|| "Edm.String".into());
            let prim = TypeRef {
                name: underlying,
                kind: TypeKind::Primitive,
                collection: false,
            };
            value(m, &prim, name, i, depth, typed, out);
        }
        TypeKind::External => {
            let _ = write!(out, "\"{name} {i}\"");
        }
        TypeKind::Primitive => {
            let _ = match t.name.as_str() {
                "Edm.Boolean" => write!(out, "{}", i % 2 == 0),
                "Edm.Byte" | "Edm.SByte" => write!(out, "{}", i % 100),
                "Edm.Int16" | "Edm.Int32" => write!(out, "{}", 1000 + i),
                "Edm.Int64" => write!(out, "{}", 68_719_476_736_u64 + i as u64),
                "Edm.Single" | "Edm.Double" => write!(out, "{}.5", i),
                "Edm.Decimal" => write!(out, "{}.25", i),
                "Edm.DateTimeOffset" => {
                    write!(out, "\"2024-01-{:02}T12:34:56.1234567Z\"", 1 + i % 28)
                }
                "Edm.Date" => write!(out, "\"2024-02-{:02}\"", 1 + i % 28),
                "Edm.TimeOfDay" => write!(out, "\"12:34:{:02}\"", i % 60),
                "Edm.Duration" => write!(out, "\"PT{}H30M\"", i % 24),
                "Edm.Guid" => write!(
                    out,
                    "\"{:08x}-0000-4000-8000-00000000{:04x}\"",
                    i,
                    i % 65536
                ),
                "Edm.Binary" => write!(out, "\"AAECAwQF\""),
                "Edm.String" => write!(out, "\"{name} value {i} for the benchmark\""),
                _ => write!(out, "null"),
            };
        }
    }
}
