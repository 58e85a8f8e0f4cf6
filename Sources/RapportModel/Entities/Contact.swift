/// A person at a client. People move between companies and take relationships with them,
/// so a contact keeps the accounts they worked for.
public struct Contact: Hashable, Sendable, Identifiable {
    public let id: String
    public var name: String
    public var account: String
    public var role: String?
    public var phone: String?
    public var email: String?
    /// Accounts this person worked for before, oldest first.
    public var previousAccounts: [String] = []
}
