//! Every description in the real corpus, once sanitised, renders as plain
//! text: no code block (a doctest), no inline code, no HTML, no heading and
//! no link except `<url>` autolinks, and no `[...]` rustdoc could take for an
//! intra-doc link.

mod common;

use generator::emit::docs::sanitize;
use generator::model::Model;
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag};

fn descriptions(m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |d: &generator::model::Docs| {
        out.extend(d.description.iter().cloned());
        out.extend(d.long_description.iter().cloned());
    };
    for t in m.types.values() {
        push(&t.docs);
        t.properties.iter().for_each(|p| push(&p.docs));
    }
    for e in m.enums.values() {
        push(&e.docs);
        e.members.iter().for_each(|x| push(&x.docs));
    }
    for o in &m.operations {
        push(&o.docs);
        o.parameters.iter().for_each(|p| push(&p.docs));
    }
    out
}

fn problems(text: &str) -> Vec<String> {
    let markdown = sanitize(text).join("\n");
    let mut found = Vec::new();
    let mut broken = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        found.push(format!("intra-doc link candidate {:?}", link.reference));
        None
    };
    let events: Vec<Event> =
        Parser::new_with_broken_link_callback(&markdown, Options::all(), Some(&mut broken))
            .collect();
    let mut bad = Vec::new();
    for e in events {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => bad.push(format!("html {h:?}")),
            Event::Code(c) => bad.push(format!("code {c:?}")),
            Event::Start(Tag::CodeBlock(_)) => bad.push("code block".into()),
            Event::Start(Tag::Heading { .. }) => bad.push("heading".into()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Autolink => bad.push(format!("link {dest_url:?}")),
            Event::Start(Tag::Image { .. }) => bad.push("image".into()),
            _ => {}
        }
    }
    bad.extend(found);
    bad
}

#[test]
fn tricky_descriptions_are_inert() {
    for text in [
        "Use `code`, [link](http://x), [ref], <b>bold</b> and <br/>.",
        "    indented\n\t\ttabbed\n```\nfenced\n```\n~~~\nfenced\n~~~",
        "# heading\n## another\nSetext\n===",
        "![image](http://x/y.png) and https://example.com/a_b?c=d&e=f.",
        "a | table | row\n---|---|---",
    ] {
        assert_eq!(problems(text), Vec::<String>::new(), "{text:?}");
    }
}

#[test]
fn every_corpus_description_is_inert() {
    let Some(dir) = common::corpus() else { return };
    let mut checked = 0;
    for file in [
        "beta-2020-05-19-with-descriptions.xml",
        "beta-mooncake-2022-10-05.csdl",
        "v1.0-prod-2026-08.csdl",
    ] {
        let m = generator::pipeline::load(&[dir.join("csdl").join(file)], &mut Default::default())
            .unwrap_or_else(|d| panic!("{d:?}"));
        for text in descriptions(&m) {
            let p = problems(&text);
            assert!(p.is_empty(), "{file}: {text:?} renders with {p:?}");
            checked += 1;
        }
    }
    assert!(
        checked > 10_000,
        "expected many descriptions, checked {checked}"
    );
}
