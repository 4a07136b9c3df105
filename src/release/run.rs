//! `release`: a release's modifications applied in order, conflicts found, and its files made.
//!
//! Each modification is applied with `changeset::apply` (every check `build` makes) to the
//! text the ones before it left: the next corpus is parsed from that text in memory. What
//! each change touched (its report's addresses) gives the conflicts and the effects; the
//! text after each modification gives the attribution of every word of the redline.

use super::attribute;
use super::file::{self, ReleaseFile};
use super::history::{Effect, EffectKind, History, Version, effects_csv, with_version};
use crate::annex::{self, Attribution};
use crate::changeset::{self, Action, ChangeSet, Located};
use crate::corpus::{Address, Corpus, UnitRef};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::output::OutputFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where a release reads and writes.
#[derive(Debug, Clone)]
pub struct ReleaseOptions {
    /// The text folder (current version and history).
    pub text: PathBuf,
    /// The folder of change-sets the modifications are found in.
    pub changes: PathBuf,
    /// The folder the release's output folder goes under.
    pub out: PathBuf,
    /// A folder that may hold `annex.html.tera`.
    pub templates: Option<PathBuf>,
}

/// One modification of the release as applied.
#[derive(Debug, Clone)]
pub struct AppliedModification {
    pub id: String,
    pub title: String,
    pub path: PathBuf,
    pub changes: usize,
}

/// A release computed in memory: nothing written yet.
#[derive(Debug)]
pub struct PreparedRelease {
    pub release: ReleaseFile,
    /// The version the release starts from (the current one).
    pub previous: String,
    /// The digests of that version's documents, as the history read them.
    pub previous_digests: BTreeMap<String, String>,
    /// The version it makes.
    pub version: Version,
    pub modifications: Vec<AppliedModification>,
    /// `annex.docx`, `annex.html`, `consolidated/…`, `effects.csv`.
    pub files: Vec<OutputFile>,
    /// Every document of the new version: (file name, text).
    pub documents: Vec<(String, String)>,
    /// Every unit whose text the release changed (`changed.csv`).
    pub changed: Vec<super::record::ChangedUnit>,
    pub warnings: Diagnostics,
}

/// What one change touched: (the provision, Part heading or cross-heading, change index).
pub(super) type Touches = Vec<(UnitRef, usize)>;

/// A modification after it was applied in the chain.
struct Step {
    set: ChangeSet,
    touches: Touches,
    /// Per change: whether what it changed is a sub-paragraph (from its report's places).
    in_sub: Vec<bool>,
    /// Each change's reason and what it touched, labelled with the modification.
    reasons: Vec<(String, Vec<Address>)>,
}

/// Applies the release's modifications in order and makes its files; `Err` holds every
/// problem found (conflicts included), and then nothing may be written.
pub fn prepare(path: &Path, options: &ReleaseOptions) -> Result<PreparedRelease, Diagnostics> {
    let release = file::load(path)?;
    let history = History::load(&options.text)?;
    let current = history.current().clone();
    let mut diagnostics = check_release(&release, &history);
    let sets = find_changesets(&options.changes, &release, &mut diagnostics);
    let base = history.current_corpus()?;
    let template = crate::render::html::template(options.templates.as_deref())?;
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let (stages, steps, warnings) = apply_in_turn(sets, &base, &history, &options.text, &mut diagnostics)?;
    diagnostics.extend(conflicts(&steps));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let final_corpus = &stages[stages.len() - 1].1;
    let version = Version {
        id: release.version.value.clone(),
        date: Some(release.date.value),
        release: Some(release.release.clone()),
        title: Some(release.title.clone()),
        modifications: steps.iter().map(|s| s.set.modification.clone()).collect(),
        effects: effects(&steps, &release),
    };
    // The documents the release changed: (index in the current version, in the new one).
    let changed: Vec<(usize, usize)> = base
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let j = final_corpus.documents.iter().position(|f| f.meta.id == d.meta.id)?;
            (d.text() != final_corpus.documents[j].text()).then_some((i, j))
        })
        .collect();
    // A document the release changed reads as the new version; the others keep their text
    // (and the version they last changed in), so a release stores only what it changed.
    let documents: Vec<(String, String)> = final_corpus
        .documents
        .iter()
        .enumerate()
        .map(|(j, d)| {
            let text = if changed.iter().any(|&(_, c)| c == j) {
                with_version(d.text(), &version.id)
            } else {
                d.text().to_string()
            };
            (d.file_name.clone(), text)
        })
        .collect();
    let changed_units = super::changed::changed_units(&base, final_corpus);
    // The redline: each changed document, current version against new.
    let pairs: Vec<_> = changed
        .iter()
        .map(|&(i, j)| crate::compare::pair_documents(&base.documents[i], &final_corpus.documents[j]))
        .collect();
    let annex = release_annex(&release, &version.id, &current.id, &pairs, &steps, &stages);
    let mut files = crate::render::annex_files(&annex, &template, crate::render::docx::Redline::Tracked, "annex")?;
    for &(i, _) in &changed {
        let name = &base.documents[i].file_name;
        if let Some((_, text)) = documents.iter().find(|(n, _)| n == name) {
            files.push(OutputFile {
                path: Path::new("consolidated").join(name),
                bytes: text.clone().into_bytes(),
            });
        }
    }
    files.push(OutputFile {
        path: PathBuf::from("effects.csv"),
        bytes: effects_csv(&version.effects).into_bytes(),
    });
    let modifications = steps
        .iter()
        .map(|s| AppliedModification {
            id: s.set.modification.clone(),
            title: s.set.title.clone(),
            path: s.set.file.path.clone(),
            changes: s.set.changes.len(),
        })
        .collect();
    Ok(PreparedRelease {
        release,
        previous: current.id,
        previous_digests: history.current_digests().clone(),
        version,
        modifications,
        files,
        documents,
        changed: changed_units,
        warnings,
    })
}

/// The release file against the history: a new version, modifications not applied
/// before, a date after the current version's.
fn check_release(release: &ReleaseFile, history: &History) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let current = history.current();
    if history.version(&release.version.value).is_some() {
        diagnostics.push(
            at(
                &release.file,
                &release.version,
                format!("version {} already exists", release.version.value),
            )
            .help(format!(
                "a published version is never changed; the current version is {}: name the next one",
                current.id
            )),
        );
    }
    for m in &release.modifications {
        if let Some(v) = history.versions.iter().find(|v| v.modifications.contains(&m.value)) {
            diagnostics.push(
                at(
                    &release.file,
                    m,
                    format!(
                        "{} was already applied by release {} (version {})",
                        m.value,
                        v.release.as_deref().unwrap_or(""),
                        v.id
                    ),
                )
                .help("a modification takes effect once; take it out of this release"),
            );
        }
    }
    if let Some(d) = current.date.filter(|d| *d >= release.date.value) {
        diagnostics.push(
            at(
                &release.file,
                &release.date,
                format!("the current version {} is in force from {d}", current.id),
            )
            .help("a release's date must be later than the current version's"),
        );
    }
    diagnostics
}

/// The text as each modification leaves it, applied in turn (`stages[0]` is the current
/// version), what each touched, and the warnings; problems go to `diagnostics`.
type Chain = (Vec<(String, Corpus)>, Vec<Step>, Diagnostics);

fn apply_in_turn(
    sets: Vec<ChangeSet>,
    base: &Corpus,
    history: &History,
    text: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<Chain, Diagnostics> {
    let mut warnings = Diagnostics::default();
    // The text as each modification leaves it; stages[0] is the current version.
    let mut stages: Vec<(String, Corpus)> = vec![(String::new(), base.clone())];
    let mut steps: Vec<Step> = Vec::new();
    for set in sets {
        check_after(&set, &steps, history, diagnostics);
        let corpus = &stages[stages.len() - 1].1;
        match changeset::apply(corpus, &set) {
            Ok(applied) => {
                warnings.extend(applied.warnings.clone());
                let touches = touches(&applied.reports);
                warnings.extend(stale(&set, &touches, history, diagnostics));
                let changed: BTreeMap<String, String> = crate::render::markdown::consolidated(&applied.edition, None)
                    .into_iter()
                    .collect();
                let files = corpus
                    .documents
                    .iter()
                    .map(|d| match changed.get(&d.file_name) {
                        Some(t) => SourceFile::new(d.file.path.clone(), t.clone()),
                        None => (*d.file).clone(),
                    })
                    .collect();
                let next = Corpus::from_files(text, files)?;
                let reasons = annex::reasons(&set, &applied.reports, Some(&set.modification));
                let in_sub = in_sub(&set, &applied.reports);
                stages.push((set.modification.clone(), next));
                steps.push(Step {
                    set,
                    touches,
                    in_sub,
                    reasons,
                });
            }
            Err(ds) => {
                diagnostics.extend(ds);
                // Applied alone to the current version, what would it touch? (for conflicts)
                if let Ok(alone) = changeset::apply(base, &set) {
                    let touches = touches(&alone.reports);
                    steps.push(Step {
                        in_sub: in_sub(&set, &alone.reports),
                        set,
                        touches,
                        reasons: Vec::new(),
                    });
                }
            }
        }
    }
    Ok((stages, steps, warnings))
}

/// The release's redline: the cover of the release, each change attributed to the
/// modification that made it, and every modification's reasons.
fn release_annex(
    release: &ReleaseFile,
    version: &str,
    previous: &str,
    pairs: &[annex::DocumentPair],
    steps: &[Step],
    stages: &[(String, Corpus)],
) -> annex::Annex {
    let modifications: Vec<Attribution> = steps
        .iter()
        .map(|s| Attribution {
            id: s.set.modification.clone(),
            title: s.set.title.clone(),
            author: s.set.author.clone(),
        })
        .collect();
    let cover = annex::ReleaseCover {
        release: &release.release,
        title: &release.title,
        version,
        previous,
        in_force: Some(release.date.value),
        modifications: &modifications,
    };
    let attribution = attribute::Stages::new(stages);
    let notes = annex::Notes {
        // Every modification's reasons, beside what they changed, each naming its modification.
        reasons: steps.iter().flat_map(|s| s.reasons.iter().cloned()).collect(),
        attribution: Some(&attribution),
        ..annex::Notes::default()
    };
    annex::release_redline(&cover, pairs, notes)
}

fn at<T>(file: &SourceFile, value: &Located<T>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(file, value.position, value.width, message)
}

/// The change-set of each modification the release names, in the release's order.
fn find_changesets(dir: &Path, release: &ReleaseFile, diagnostics: &mut Diagnostics) -> Vec<ChangeSet> {
    // The id each file declares, so that a broken change-set the release does not name
    // does not stop it.
    let declared: Vec<(PathBuf, String)> = changeset::declared(dir)
        .into_iter()
        .map(|(p, h)| (p, h.modification))
        .collect();
    let mut sets = Vec::new();
    for m in &release.modifications {
        let found: Vec<&PathBuf> = declared
            .iter()
            .filter(|(_, id)| *id == m.value)
            .map(|(p, _)| p)
            .collect();
        match found.as_slice() {
            [] => {
                let known: Vec<&str> = declared.iter().map(|(_, id)| id.as_str()).collect();
                diagnostics.push(
                    at(
                        &release.file,
                        m,
                        format!("no change-set in {} has `modification: {}`", dir.display(), m.value),
                    )
                    .help(if known.is_empty() {
                        "put the modification's change-set in the changes folder, or name the folder with --changes DIR"
                            .to_string()
                    } else {
                        format!("the change-sets there are: {}", known.join(", "))
                    }),
                );
            }
            [path] => match changeset::load(path) {
                Ok((set, problems)) => {
                    diagnostics.extend(problems);
                    // A modification of no changes has nothing to release (as `build`
                    // refuses to make an annex of it).
                    if set.changes.is_empty() {
                        diagnostics.push(changeset::no_changes(&set));
                    }
                    sets.push(set);
                }
                Err(ds) => diagnostics.extend(ds),
            },
            several => diagnostics.push(
                at(
                    &release.file,
                    m,
                    format!(
                        "{} is the modification of several change-sets: {}",
                        m.value,
                        several
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .help("each modification has one change-set; give them different `modification:` ids"),
            ),
        }
    }
    sets
}

/// `after:` names an earlier modification of this release or one an earlier release applied.
fn check_after(set: &ChangeSet, earlier: &[Step], history: &History, diagnostics: &mut Diagnostics) {
    for a in &set.after {
        let here = earlier.iter().any(|s| s.set.modification == a.value);
        let before = history.versions.iter().any(|v| v.modifications.contains(&a.value));
        if !here && !before {
            diagnostics.push(
                Diagnostic::at_position(&set.file, a.position, a.width, format!("`after:` names {}, which is not applied before {}", a.value, set.modification))
                    .help("name a modification listed earlier in the release, or one an earlier release applied; to apply it first, list it first in the release's `modifications:`"),
            );
        }
    }
}

/// The provisions (and Part headings, cross-headings) each change touched, from its
/// report, each (unit, change) once, in report order. Linear: a set remembers what is listed.
pub(super) fn touches(reports: &[changeset::ChangeReport]) -> Touches {
    let mut out = Vec::new();
    let mut seen: HashSet<(&UnitRef, usize)> = HashSet::new();
    for r in reports {
        for p in &r.places {
            if seen.insert((&p.place.unit, r.change)) {
                out.push((p.place.unit.clone(), r.change));
            }
        }
    }
    out
}

/// Per change: whether the places it changed are sub-paragraphs (a rewrite, insert or
/// delete of one), read from its report's typed places.
fn in_sub(set: &ChangeSet, reports: &[changeset::ChangeReport]) -> Vec<bool> {
    let mut out = vec![false; set.changes.len()];
    for r in reports {
        if let Some(sub) = out.get_mut(r.change) {
            *sub = r.places.iter().any(|p| !p.place.path.is_empty());
        }
    }
    out
}

/// Every conflict of the release: a change of a later modification touching a provision an
/// earlier one changed, the later not naming the earlier in `after:`.
fn conflicts(steps: &[Step]) -> Diagnostics {
    let mut out = Diagnostics::default();
    // Each step's first change of each provision, looked up rather than searched for.
    let first: Vec<HashMap<&UnitRef, usize>> = steps
        .iter()
        .map(|s| {
            let mut m = HashMap::new();
            for (p, c) in &s.touches {
                m.entry(p).or_insert(*c);
            }
            m
        })
        .collect();
    for (j, later) in steps.iter().enumerate() {
        for (provision, change) in &later.touches {
            for (earlier, earlier_first) in steps[..j].iter().zip(&first) {
                if later.set.after.iter().any(|a| a.value == earlier.set.modification) {
                    continue;
                }
                let Some(their) = earlier_first.get(provision) else {
                    continue;
                };
                let theirs = earlier.set.changes[*their].position;
                let ours = later.set.changes[*change].position;
                out.push(
                    Diagnostic::at_position(
                        &later.set.file,
                        ours,
                        1,
                        format!(
                            "conflict: {} changes {provision}, which {} (earlier in the release) also changes at {}:{}:{}",
                            later.set.modification,
                            earlier.set.modification,
                            earlier.set.file.path.display(),
                            theirs.line,
                            theirs.column
                        ),
                    )
                    .help(format!(
                        "if {} was drafted on the text as {} leaves it, add `after: [{}]` to {}; otherwise agree one text for {provision} and take it out of one of the two modifications",
                        later.set.modification,
                        earlier.set.modification,
                        earlier.set.modification,
                        later.set.file.path.display()
                    )),
                );
            }
        }
    }
    out
}

/// `base:` checked against the history: an unknown base is an error; a provision the
/// modification touches that a release since its base changed is a warning naming it.
pub(crate) fn stale(
    set: &ChangeSet,
    touches: &Touches,
    history: &History,
    diagnostics: &mut Diagnostics,
) -> Diagnostics {
    let mut warnings = Diagnostics::default();
    let Some(base) = &set.base else {
        return warnings;
    };
    let Some(from) = history.versions.iter().position(|v| v.id == base.value) else {
        let known: Vec<&str> = history.versions.iter().map(|v| v.id.as_str()).collect();
        diagnostics.push(
            Diagnostic::at_position(
                &set.file,
                base.position,
                base.width,
                format!(
                    "`base:` names version {}, which the text folder does not have",
                    base.value
                ),
            )
            .help(format!(
                "its versions are: {}; the current one is {}",
                known.join(", "),
                history.current().id
            )),
        );
        return warnings;
    };
    for v in &history.versions[from + 1..] {
        let mut first: HashMap<&UnitRef, &Effect> = HashMap::new();
        for e in &v.effects {
            first.entry(&e.provision).or_insert(e);
        }
        for (provision, change) in touches {
            if let Some(e) = first.get(provision) {
                let position = set.changes[*change].position;
                warnings.push(
                    Diagnostic::at_position(
                        &set.file,
                        position,
                        1,
                        format!(
                            "{} was drafted against version {}, but {provision} has changed since: {} by {} (release {}, version {}, in force from {})",
                            set.modification,
                            base.value,
                            e.effect,
                            e.modification,
                            v.release.as_deref().unwrap_or(""),
                            v.id,
                            v.date.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    )
                    .help(format!("check that this change still reads right against version {}, then set `base: \"{}\"`", history.current().id, history.current().id))
                    .warning(),
                );
            }
        }
    }
    warnings
}

/// One row per change to a provision: what each modification did.
fn effects(steps: &[Step], release: &ReleaseFile) -> Vec<Effect> {
    let mut out: Vec<Effect> = Vec::new();
    let mut seen: HashSet<Effect> = HashSet::new();
    for s in steps {
        // The provisions of each change, in the order they were touched: one pass.
        let mut by_change: Vec<Vec<&UnitRef>> = vec![Vec::new(); s.set.changes.len()];
        for (provision, c) in &s.touches {
            if let Some(list) = by_change.get_mut(*c) {
                list.push(provision);
            }
        }
        for ((change, provisions), &sub) in s.set.changes.iter().zip(&by_change).zip(&s.in_sub) {
            // Named by what the change did, in the words of legislation's amendment notes.
            let effect = match &change.action {
                Action::Replace(r) if r.with.value.trim().is_empty() => EffectKind::WordsOmitted,
                Action::Replace { .. } => EffectKind::WordsSubstituted,
                Action::Rewrite { .. } if sub => EffectKind::SubParagraphSubstituted,
                Action::Rewrite { .. } => EffectKind::ProvisionSubstituted,
                Action::Insert { .. } if sub => EffectKind::SubParagraphInserted,
                Action::Insert { .. } => EffectKind::ProvisionInserted,
                Action::Delete { .. } if sub => EffectKind::SubParagraphOmitted,
                Action::Delete { .. } => EffectKind::ProvisionOmitted,
            };
            for provision in provisions {
                let e = Effect {
                    provision: (*provision).clone(),
                    effect,
                    modification: s.set.modification.clone(),
                    release: release.release.clone(),
                    in_force: release.date.value.to_string(),
                };
                if seen.insert(e.clone()) {
                    out.push(e);
                }
            }
        }
    }
    out
}
