import RapportJournal
import RapportModel

/// The one path every command-line write takes: build the event, check it against the
/// current book (so a bad date, amount or unknown account is refused before anything is
/// written), then append it durably.
struct EventWriter {
    let path: String
    let now: Timestamp
    let author: String
    /// The book the dashboard saved for this journal, read (when it can be trusted)
    /// instead of replaying every line; nil replays.
    let snapshot: BookSnapshot?

    /// Loads the book the event must fit; a missing journal is an empty book.
    func currentBook() throws -> LoadedBook {
        let file = JournalFile(path: path)
        guard file.exists else { return LoadedBook(path: path) }
        return try Trace.load(path, snapshot: snapshot)
    }

    /// Validates against the journal as it stands under the append lock, then appends;
    /// returns the event as written. A generated id is chosen under the lock too, so two
    /// writers never pick the same one.
    ///
    /// `check` sees the book first, under the same lock, for a command's own refusals.
    /// With no journal yet, the event is first checked against an empty book, so that a
    /// write refused there does not leave an empty journal behind.
    @discardableResult
    func write(verb: Verb, subject: String?, fields: [Event.Field], check: (LoadedBook) throws -> Void = { _ in }) throws -> Event {
        let file = JournalFile(path: path)
        if !file.exists { _ = try event(verb: verb, subject: subject, fields: fields, against: LoadedBook(path: path), check: check) }
        let began = ContinuousClock.now
        let written = try file.append(snapshot: snapshot, checkedAgainst: { loaded, outcome in
            Trace.book(outcome, since: began)
            return [try event(verb: verb, subject: subject, fields: fields, against: loaded, check: check)]
        })
        return written[0]
    }

    /// The event, once `check` and the book accept it.
    private func event(verb: Verb, subject: String?, fields: [Event.Field], against loaded: LoadedBook,
                       check: (LoadedBook) throws -> Void) throws -> Event {
        try check(loaded)
        var book = loaded.book
        let spec = VerbSpec.of(verb)
        guard let subject = subject ?? book.nextID(for: verb) else {
            throw UserError("\(verb.rawValue) needs a subject: the \(spec.subject)")
        }
        let event = Event(time: now, author: author, verb: verb, subject: subject, fields: fields)
        do {
            try book.apply(event)
        } catch {
            throw UserError("\(verb.rawValue) \(subject): \(String(describing: error))")
        }
        KeptUntilExit.keep(loaded)
        KeptUntilExit.keep(book)
        return event
    }
}
