import RapportModel

/// What `update` asks the outside world to do: the only way out of a key press.
public enum DashboardEffect: Hashable, Sendable {
    /// Append one event; the app stamps the time and author, and the event shows on
    /// screen once it is on disk.
    case append(verb: Verb, subject: String, fields: [Event.Field])
    case quit
    /// Repaint everything (Ctrl-L).
    case redraw
}
