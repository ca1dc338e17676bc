//! Finds templates that could recurse forever: an `{% include %}` cycle (through
//! `{% extends %}` too) or a macro that calls itself, directly or through others.
//!
//! Tera 1 has no recursion limit: such a template overflows the stack and aborts the
//! process (a crash, not even a panic). Which branch a template takes is only known at
//! render time, so this check is conservative: every include and macro call counts,
//! and a site's templates may not recurse at all. Walks Tera's parsed AST; reads no
//! files.

use std::collections::{BTreeMap, BTreeSet};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

/// What can call what: a whole template, or one macro of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Template(String),
    Macro { file: String, name: String },
}

impl Unit {
    /// The template file the unit lives in.
    pub fn file(&self) -> &str {
        match self {
            Unit::Template(t) => t,
            Unit::Macro { file, .. } => file,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Unit::Template(t) => format!("`{t}`"),
            Unit::Macro { file, name } => format!("macro `{name}` of `{file}`"),
        }
    }
}

/// The first cycle found (its units in order, the first repeated at the end), or `None`.
/// Deterministic: templates are visited in name order.
pub fn find_cycle(tera: &Tera) -> Option<Vec<Unit>> {
    let names: BTreeSet<&String> = tera.templates.keys().collect();
    let mut done: BTreeSet<Unit> = BTreeSet::new();
    let mut edges: BTreeMap<Unit, Vec<Unit>> = BTreeMap::new();
    for name in names {
        let start = Unit::Template(name.clone());
        if done.contains(&start) {
            continue;
        }
        // Iterative depth-first search: the path from `start`, each with its next edge.
        let mut path: Vec<(Unit, usize)> = vec![(start, 0)];
        let mut on_path: BTreeSet<Unit> = BTreeSet::from([path[0].0.clone()]);
        while let Some((unit, next)) = path.last_mut() {
            let out = edges
                .entry(unit.clone())
                .or_insert_with_key(|u| callees(tera, u));
            let Some(callee) = out.get(*next).cloned() else {
                let (unit, _) = path.pop().expect("path is not empty");
                on_path.remove(&unit);
                done.insert(unit);
                continue;
            };
            *next += 1;
            if on_path.contains(&callee) {
                let from = path.iter().position(|(u, _)| *u == callee).unwrap_or(0);
                let mut cycle: Vec<Unit> = path[from..].iter().map(|(u, _)| u.clone()).collect();
                cycle.push(callee);
                return Some(cycle);
            }
            if !done.contains(&callee) {
                on_path.insert(callee.clone());
                path.push((callee, 0));
            }
        }
    }
    None
}

/// Every unit `unit` may call when rendered, sorted.
fn callees(tera: &Tera, unit: &Unit) -> Vec<Unit> {
    let mut walker = Walker {
        tera,
        file: unit.file(),
        found: BTreeSet::new(),
    };
    match unit {
        Unit::Template(t) => {
            if let Some(tpl) = tera.templates.get(t) {
                walker.nodes(&tpl.ast);
            }
        }
        Unit::Macro { file, name } => {
            if let Some(m) = tera.templates.get(file).and_then(|t| t.macros.get(name)) {
                walker.nodes(&m.body);
                for default in m.args.values().flatten() {
                    walker.expr(default);
                }
            }
        }
    }
    walker.found.into_iter().collect()
}

struct Walker<'a> {
    tera: &'a Tera,
    /// The template the walked code is written in: `self::` and imports resolve there.
    file: &'a str,
    found: BTreeSet<Unit>,
}

impl Walker<'_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::VariableBlock(_, e) => self.expr(e),
                Node::Extends(_, parent) => {
                    self.found.insert(Unit::Template(parent.clone()));
                }
                Node::Include(_, names, _) => {
                    for n in names {
                        self.found.insert(Unit::Template(n.clone()));
                    }
                }
                Node::Set(_, set) => self.expr(&set.value),
                Node::FilterSection(_, section, _) => {
                    self.call(&section.filter);
                    self.nodes(&section.body);
                }
                Node::Block(_, block, _) => self.nodes(&block.body),
                Node::Forloop(_, for_loop, _) => {
                    self.expr(&for_loop.container);
                    self.nodes(&for_loop.body);
                    if let Some(empty) = &for_loop.empty_body {
                        self.nodes(empty);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        self.expr(condition);
                        self.nodes(body);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.nodes(body);
                    }
                }
                // Macro definitions are units of their own; the rest calls nothing.
                Node::MacroDefinition(..)
                | Node::ImportMacro(..)
                | Node::Super
                | Node::Text(_)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        self.value(&e.val);
        for filter in &e.filters {
            self.call(filter);
        }
    }

    fn value(&mut self, v: &ExprVal) {
        match v {
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => t.args.iter().for_each(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(a)),
            ExprVal::StringConcat(s) => s.values.iter().for_each(|v| self.value(v)),
            ExprVal::FunctionCall(f) => self.call(f),
            ExprVal::MacroCall(m) => {
                self.macro_call(&m.namespace, &m.name);
                m.args.values().for_each(|a| self.expr(a));
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
    }

    fn call(&mut self, f: &FunctionCall) {
        f.args.values().for_each(|a| self.expr(a));
    }

    fn macro_call(&mut self, namespace: &str, name: &str) {
        let imported = self.tera.templates.get(self.file).and_then(|t| {
            t.imported_macro_files
                .iter()
                .find(|(_, ns)| ns == namespace)
                .map(|(file, _)| file.clone())
        });
        let file = if namespace == "self" {
            Some(self.file.to_string())
        } else {
            imported
        };
        match file {
            Some(file) => {
                self.found.insert(Unit::Macro {
                    file,
                    name: name.to_string(),
                });
            }
            // A namespace this file does not import: any macro of that name may be
            // meant (Tera reports the call itself at render time if none is).
            None => {
                for (file, t) in &self.tera.templates {
                    if t.macros.contains_key(name) {
                        self.found.insert(Unit::Macro {
                            file: file.clone(),
                            name: name.to_string(),
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut t = Tera::default();
        t.add_raw_templates(templates.iter().copied()).unwrap();
        t
    }

    fn cycle(templates: &[(&str, &str)]) -> Option<String> {
        find_cycle(&tera(templates))
            .map(|c| c.iter().map(Unit::describe).collect::<Vec<_>>().join(" → "))
    }

    #[test]
    fn finds_include_cycles() {
        assert_eq!(
            cycle(&[("a.html", "{% include \"a.html\" %}")]).as_deref(),
            Some("`a.html` → `a.html`")
        );
        assert_eq!(
            cycle(&[
                ("a.html", "x{% if y %}{% include \"b.html\" %}{% endif %}"),
                ("b.html", "{% include \"c.html\" %}"),
                ("c.html", "{% include \"a.html\" %}"),
            ])
            .as_deref(),
            Some("`a.html` → `b.html` → `c.html` → `a.html`")
        );
        // Through a parent: the included page extends the base that includes it.
        assert!(cycle(&[
            (
                "base.html",
                "{% block b %}{% endblock b %}{% include \"page.html\" %}"
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block b %}x{% endblock b %}"
            ),
        ])
        .is_some());
    }

    #[test]
    fn finds_macro_recursion_wherever_the_call_hides() {
        for call in [
            "{{ self::a() }}",
            "{{ x | default(value=self::a()) }}",
            "{% for i in [self::a()] %}{% endfor %}",
            "{% set v = 1 + self::a() %}",
            "{% if x is containing(self::a()) %}{% elif self::a() == 1 %}{% endif %}",
        ] {
            let t = format!("{{% macro a() %}}{call}{{% endmacro a %}}{{{{ self::a() }}}}");
            assert_eq!(
                cycle(&[("m.html", t.as_str())]).as_deref(),
                Some("macro `a` of `m.html` → macro `a` of `m.html`"),
                "{call}"
            );
        }
        assert!(cycle(&[
            (
                "ms.html",
                "{% macro a() %}{% include \"p.html\" %}{% endmacro a %}"
            ),
            ("p.html", "{% import \"ms.html\" as ms %}{{ ms::a() }}"),
        ])
        .is_some());
    }

    #[test]
    fn the_built_in_templates_do_not_recurse() {
        let mut t = Tera::default();
        t.add_raw_templates(super::super::builtin::BUILTIN_TEMPLATES.iter().copied())
            .unwrap();
        assert_eq!(find_cycle(&t), None);
        assert_eq!(
            cycle(&[
                ("a.html", "{% include \"b.html\" %}{% include \"b.html\" %}"),
                ("b.html", "{% import \"m.html\" as m %}{{ m::x() }}{{ m::x() }}"),
                ("m.html", "{% macro x() %}{{ self::y() }}{% endmacro x %}{% macro y() %}y{% endmacro y %}"),
            ]),
            None
        );
    }
}
