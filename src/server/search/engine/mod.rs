//! The search engine: a tantivy index embedded in each app server, the same for both
//! database backends. The database stays the source of truth: the index holds what search
//! finds, filters, counts and orders by, and is kept in step through the change feed the
//! database's triggers write ([`feed`]), which each server reads twice a second and right
//! after each request that may have written. A server that starts without a usable index
//! rebuilds it in the background; until then searches take the database path.

mod collect;
mod feed;
mod query;
mod schema;

pub use feed::{prune, request_rebuild};

use crate::domain::search::{ProductSearch, typo_budget};
use crate::error::AppError;
use crate::model::search::SearchEngineStatus;
use crate::server::catalog::Taxonomy;
use crate::server::db::Db;
pub(super) use collect::Counts;
use collect::Tally;
use feed::{Change, Feed};
use query::{SynonymGroup, Text, folded};
use schema::{Batch, Fields, MAX_PREFIX, SCHEMA_VERSION, prefix_of};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

/// How often the feed is read when nothing wakes the engine sooner.
const POLL: Duration = Duration::from_millis(500);
/// The indexing memory budget.
const WRITER_BYTES: usize = 100 << 20;

/// Where the index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Memory,
    Dir(PathBuf),
}

impl Location {
    /// `memory`, or a directory.
    pub fn from_setting(setting: &str, default_dir: &Path) -> Location {
        match setting.trim() {
            "" => Location::Dir(default_dir.to_path_buf()),
            "memory" => Location::Memory,
            dir => Location::Dir(PathBuf::from(dir)),
        }
    }
}

/// The engine of one app server; clones share it.
#[derive(Clone)]
pub struct Engine(Arc<Inner>);

struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// `None` once the engine is shut.
    writer: Mutex<Option<IndexWriter>>,
    /// The index is complete and in step: searches may use it.
    ready: AtomicBool,
    synonyms: RwLock<Arc<Vec<SynonymGroup>>>,
    /// Where this server is in the feed; held while changes are applied, one sync at a time.
    feed: tokio::sync::Mutex<Feed>,
    wake: Arc<tokio::sync::Notify>,
    location: Location,
    /// Told after every change the index takes in (so caches of what it changed can forget it).
    on_change: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("location", &self.0.location).field("ready", &self.is_ready()).finish()
    }
}

impl Engine {
    /// Opens the index at `location`, or makes a new one. An index another process holds (a
    /// second server on the same data directory) is left to it: this one keeps its own in
    /// memory.
    pub fn open(location: &Location) -> Result<Engine, AppError> {
        match Self::open_at(location) {
            Err(e) if *location != Location::Memory => {
                tracing::warn!(error = %e, ?location, "search index unavailable; keeping one in memory instead");
                Self::open_at(&Location::Memory).map_err(AppError::internal)
            }
            opened => opened.map_err(AppError::internal),
        }
    }

    /// Opens the index at `location` only (failing where another process holds it).
    pub fn open_at(location: &Location) -> tantivy::Result<Engine> {
        let (schema, fields) = schema::schema();
        let index = match location {
            Location::Memory => Index::create_in_ram(schema),
            Location::Dir(dir) => {
                std::fs::create_dir_all(dir)?;
                let open = |schema| Index::open_or_create(MmapDirectory::open(dir)?, schema);
                match open(schema.clone()) {
                    Ok(index) => index,
                    // Another version's index (or a damaged one): made anew, and rebuilt at start.
                    Err(e @ (TantivyError::SchemaError(_) | TantivyError::DataCorruption(_))) => {
                        tracing::info!(error = %e, "search index of another kind; starting a new one");
                        std::fs::remove_dir_all(dir)?;
                        std::fs::create_dir_all(dir)?;
                        open(schema)?
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        schema::register_analyzers(&index);
        let writer = index.writer(WRITER_BYTES)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Engine(Arc::new(Inner {
            index,
            reader,
            fields,
            writer: Mutex::new(Some(writer)),
            ready: AtomicBool::new(false),
            synonyms: RwLock::new(Arc::new(Vec::new())),
            feed: tokio::sync::Mutex::new(Feed::default()),
            wake: Arc::new(tokio::sync::Notify::new()),
            location: location.clone(),
            on_change: std::sync::OnceLock::new(),
        })))
    }

    /// Brings the index in step (rebuilding it if it cannot catch up), then keeps it so,
    /// in the background, for as long as the engine is in use; `on_change` runs after each
    /// change it applies.
    pub fn start(&self, db: Db, on_change: impl Fn() + Send + Sync + 'static) {
        // Started once per engine: a second start keeps the first one's hook.
        let _ = self.0.on_change.set(Box::new(on_change));
        let weak = Arc::downgrade(&self.0);
        tokio::spawn(keep_in_step(weak, db));
    }

    /// Stops writing and lets go of the index (another process, or a restarted server, may
    /// open it); searches take the database path from now on.
    pub fn shut(&self) {
        self.0.ready.store(false, Ordering::Release);
        if let Ok(mut writer) = self.0.writer.lock() {
            writer.take();
        }
    }

    pub fn is_ready(&self) -> bool {
        self.0.ready.load(Ordering::Acquire)
    }

    /// The engine, when searches may use it.
    pub fn ready(&self) -> Option<&Engine> {
        self.is_ready().then_some(self)
    }

    /// Applies what the feed holds now, so a page this server renders next shows the
    /// writes of the request just answered. Gives up after `limit` (the background
    /// sync finishes the work).
    pub async fn catch_up(&self, db: &Db, limit: Duration) {
        if !self.is_ready() {
            return;
        }
        match tokio::time::timeout(limit, self.sync(db)).await {
            Ok(Err(e)) => tracing::warn!(error = %e, "search index sync failed"),
            Err(_) => self.0.wake.notify_one(),
            Ok(Ok(())) => {}
        }
    }

    /// Rebuilds the index from the database now (searches meanwhile use the current one).
    pub async fn rebuild(&self, db: &Db) -> Result<u64, AppError> {
        let mut feed = self.0.feed.lock().await;
        self.rebuild_locked(db, &mut feed).await
    }

    pub fn status(&self) -> SearchEngineStatus {
        let searcher = self.0.reader.searcher();
        let (location, bytes_on_disk) = match &self.0.location {
            Location::Memory => ("memory".to_string(), None),
            Location::Dir(dir) => (dir.display().to_string(), Some(dir_size(dir))),
        };
        SearchEngineStatus {
            ready: self.is_ready(),
            documents: searcher.num_docs(),
            segments: searcher.segment_readers().len() as u64,
            location,
            bytes_on_disk,
        }
    }

    /// Everything up to this feed number is in the index's last commit.
    fn committed_settled(&self) -> Option<i64> {
        let payload = self.0.index.load_metas().ok()?.payload?;
        let (version, settled) = payload.strip_prefix("caravan-search v")?.split_once(" settled=")?;
        (version.parse::<u32>().ok()? == SCHEMA_VERSION).then_some(())?;
        settled.parse().ok()
    }

    async fn begin(&self, db: &Db) -> Result<(), AppError> {
        self.load_synonyms(db).await?;
        let resumable = match self.committed_settled() {
            Some(settled) if feed::can_resume(db, settled).await? => Some(settled),
            _ => None,
        };
        match resumable {
            Some(settled) => {
                *self.0.feed.lock().await = Feed::after(settled);
                self.sync(db).await?;
            }
            None => {
                let started = Instant::now();
                let documents = self.rebuild(db).await?;
                tracing::info!(documents, took_ms = started.elapsed().as_millis() as u64, "search index built");
            }
        }
        self.0.ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Reads the feed and applies it, until nothing is left.
    async fn sync(&self, db: &Db) -> Result<(), AppError> {
        let mut feed = self.0.feed.lock().await;
        loop {
            let before = feed.clone();
            let changes = feed.read(db).await?;
            if changes.is_empty() {
                return Ok(());
            }
            let applied = self.apply(db, &mut feed, &changes).await;
            if let Err(e) = applied {
                // Read again next time, from a clean writer.
                *feed = before;
                self.blocking(|inner| inner.write(|w| w.rollback().map(|_| ()))).await?;
                return Err(e);
            }
        }
    }

    async fn apply(&self, db: &Db, feed: &mut Feed, changes: &[Change]) -> Result<(), AppError> {
        if changes.iter().any(|c| matches!(c, Change::Rebuild)) {
            self.rebuild_locked(db, feed).await?;
            return Ok(());
        }
        if changes.contains(&Change::Synonyms) {
            self.load_synonyms(db).await?;
            // Results kept for pages were found with the old words.
            self.changed();
        }
        let ids: Vec<i64> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Product(id) => Some(*id),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        for chunk in ids.chunks(schema::BATCH) {
            let batch = Batch::of(db, chunk).await?;
            let chunk = chunk.to_vec();
            self.blocking(move |inner| {
                inner.write(|writer| {
                    for id in chunk {
                        writer.delete_term(Term::from_field_u64(inner.fields.id, id as u64));
                    }
                    for doc in batch.documents(&inner.fields) {
                        writer.add_document(doc)?;
                    }
                    Ok(())
                })
            })
            .await?;
        }
        self.commit(feed.settled()).await
    }

    async fn rebuild_locked(&self, db: &Db, feed: &mut Feed) -> Result<u64, AppError> {
        let (start, through) = feed::rebuild_point(db).await?;
        self.blocking(|inner| inner.write(|writer| writer.delete_all_documents().map(|_| ()))).await?;
        let mut after = 0;
        let mut documents = 0;
        loop {
            let batch = Batch::after(db, after).await?;
            let Some(last) = batch.rows.last().map(|r| r.id()) else { break };
            after = last;
            documents += batch.rows.len() as u64;
            self.blocking(move |inner| {
                inner.write(|writer| {
                    for doc in batch.documents(&inner.fields) {
                        writer.add_document(doc)?;
                    }
                    Ok(())
                })
            })
            .await?;
        }
        self.commit(start).await?;
        *feed = Feed::rebuilt(start, through);
        Ok(documents)
    }

    async fn commit(&self, settled: i64) -> Result<(), AppError> {
        self.blocking(move |inner| {
            inner.write(|writer| {
                let mut commit = writer.prepare_commit()?;
                commit.set_payload(&format!("caravan-search v{SCHEMA_VERSION} settled={settled}"));
                commit.commit()?;
                inner.reader.reload()
            })
        })
        .await?;
        self.changed();
        Ok(())
    }

    fn changed(&self) {
        if let Some(on_change) = self.0.on_change.get() {
            on_change();
        }
    }

    async fn load_synonyms(&self, db: &Db) -> Result<(), AppError> {
        let groups: Vec<SynonymGroup> = crate::server::search::synonyms::all(db)
            .await?
            .into_iter()
            .map(|s| SynonymGroup::new(s.category_id, &s.synonyms))
            .collect();
        *self.0.synonyms.write().map_err(AppError::internal)? = Arc::new(groups);
        Ok(())
    }

    /// Runs index work on the blocking pool, off the request threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || work(&inner)).await.map_err(AppError::internal)?
    }

    fn synonyms(&self) -> Arc<Vec<SynonymGroup>> {
        self.0.synonyms.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Counts every facet of `search` and places its results.
    pub(super) async fn search(&self, search: &ProductSearch, taxonomy: &Taxonomy) -> Result<Counts, AppError> {
        let category = (!search.category.is_empty()).then(|| taxonomy.by_slug(&search.category).map(|c| c.id));
        let terms = search.terms();
        let search = search.clone();
        let synonyms = self.synonyms();
        self.blocking(move |inner| {
            let f = &inner.fields;
            let text = Text::new(f, &synonyms).query(&terms);
            let scope: Option<Box<dyn Query>> = category.map(|c| match c {
                Some(id) => {
                    Box::new(TermQuery::new(Term::from_field_u64(f.category_path, id as u64), IndexRecordOption::Basic))
                        as Box<dyn Query>
                }
                None => Box::new(EmptyQuery),
            });
            let tally = Tally::new(&search, text.is_some());
            let query: Box<dyn Query> = match (text, scope) {
                (None, None) => Box::new(AllQuery),
                (Some(q), None) | (None, Some(q)) => q,
                (Some(text), Some(scope)) => {
                    Box::new(BooleanQuery::new(vec![(Occur::Must, text), (Occur::Must, scope)]))
                }
            };
            inner.reader.searcher().search(&query, &tally).map_err(AppError::internal)
        })
        .await
    }

    /// The nearest spelling the index knows for each word that matches nothing, or `None`
    /// when no word needs (or has) a correction.
    pub(super) async fn correct(&self, words: &[String]) -> Result<Option<String>, AppError> {
        let words = words.to_vec();
        self.blocking(move |inner| {
            let searcher = inner.reader.searcher();
            let f = &inner.fields;
            let text_fields = [f.title, f.names, f.specs, f.description];
            let mut changed = false;
            let mut out = Vec::with_capacity(words.len());
            for word in words {
                let budget = typo_budget(&word);
                let Some(folded) = folded(&word).filter(|_| budget > 0) else {
                    out.push(word);
                    continue;
                };
                // Known: a word of the index, or (short enough for the prefix fields) the
                // beginning of one.
                let count = |field, text: &str| searcher.doc_freq(&Term::from_field_text(field, text)).unwrap_or(0);
                let as_word: u64 = text_fields.iter().map(|field| count(*field, &folded)).sum();
                let as_prefix = if folded.chars().count() <= MAX_PREFIX {
                    count(f.title_prefixes, &folded) + count(f.prefixes, &folded)
                } else {
                    0
                };
                if as_word + as_prefix > 0 {
                    out.push(word);
                    continue;
                }
                // The index's words within the budget, each with how many products have it.
                let mut candidates: HashMap<String, i64> = HashMap::new();
                let distance = budget.min(2) as u8;
                for field in text_fields {
                    let automaton = FuzzyTermQuery::new(Term::from_field_text(field, &folded), distance, true)
                        .automaton()
                        .map_err(AppError::internal)?;
                    for segment in searcher.segment_readers() {
                        let index = segment.inverted_index(field).map_err(AppError::internal)?;
                        let mut stream = index.terms().search(&automaton).into_stream().map_err(AppError::internal)?;
                        while stream.advance() {
                            if let Ok(term) = std::str::from_utf8(stream.key()) {
                                *candidates.entry(term.to_string()).or_default() += i64::from(stream.value().doc_freq);
                            }
                        }
                    }
                }
                match super::spelling::nearest(&folded, budget, candidates) {
                    Some(candidate) if candidate != folded => {
                        changed = true;
                        out.push(candidate);
                    }
                    _ => out.push(word),
                }
            }
            Ok(changed.then(|| out.join(" ")))
        })
        .await
    }

    /// The best-matching products whose title has words beginning like `words`, best first.
    pub(super) async fn title_matches(&self, words: &[String], limit: usize) -> Result<Vec<i64>, AppError> {
        let words: Vec<String> = words.iter().filter_map(|w| folded(w)).collect();
        self.blocking(move |inner| {
            let f = &inner.fields;
            let must: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| {
                    let (field, text) = if w.chars().nth(1).is_some() {
                        (f.title_prefixes, prefix_of(w))
                    } else {
                        (f.title, w.clone())
                    };
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(Term::from_field_text(field, &text), IndexRecordOption::WithFreqs));
                    (Occur::Must, q)
                })
                .collect();
            if must.is_empty() {
                return Ok(Vec::new());
            }
            let searcher = inner.reader.searcher();
            let top = searcher
                .search(&BooleanQuery::new(must), &TopDocs::with_limit(limit).order_by_score())
                .map_err(AppError::internal)?;
            let mut ids = Vec::with_capacity(top.len());
            for (_, address) in top {
                let segment = searcher.segment_reader(address.segment_ord);
                let column = segment.fast_fields().u64(schema::column::ID).map_err(AppError::internal)?;
                ids.extend(column.first(address.doc_id).map(|id| id as i64));
            }
            Ok(ids)
        })
        .await
    }
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0)
}

impl Inner {
    /// Index work with the writer (refused once the engine is shut).
    fn write<T>(&self, work: impl FnOnce(&mut IndexWriter) -> tantivy::Result<T>) -> Result<T, AppError> {
        let mut writer = self.writer.lock().map_err(AppError::internal)?;
        let writer = writer.as_mut().ok_or_else(|| AppError::internal("the search engine is shut"))?;
        work(writer).map_err(AppError::internal)
    }
}

/// The engine's background work: in step at start, then every `POLL` or when woken.
async fn keep_in_step(weak: Weak<Inner>, db: Db) {
    let mut wait = POLL;
    loop {
        let Some(inner) = weak.upgrade() else { return };
        let engine = Engine(inner);
        let shut = engine.0.writer.lock().map_or(true, |w| w.is_none());
        if shut || db.pool().is_closed() {
            return;
        }
        let step = if engine.is_ready() { engine.sync(&db).await } else { engine.begin(&db).await };
        // After a failure (the database away), wait longer each time, up to a minute.
        wait = match step {
            Ok(()) => POLL,
            Err(e) => {
                tracing::warn!(error = %e, "search index sync failed");
                (wait * 2).min(Duration::from_secs(60))
            }
        };
        // Only the wake-up is kept while waiting: an engine no longer used ends here.
        let wake = engine.0.wake.clone();
        drop(engine);
        let woken = wake.notified();
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = woken => {}
        }
    }
}
