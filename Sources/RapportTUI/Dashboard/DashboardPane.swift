/// The four panes of the dashboard, in Tab order.
public enum DashboardPane: Int, CaseIterable, Hashable, Sendable {
    case accounts, complaints, payments, health

    public var title: String {
        switch self {
        case .accounts: "Accounts"
        case .complaints: "Complaints"
        case .payments: "Payments"
        case .health: "Health"
        }
    }

    public var next: DashboardPane { DashboardPane(rawValue: (rawValue + 1) % 4)! }
    public var previous: DashboardPane { DashboardPane(rawValue: (rawValue + 3) % 4)! }
    /// The pane beside this one in the 2×2 grid.
    public var across: DashboardPane { DashboardPane(rawValue: rawValue ^ 1)! }
    var isLeft: Bool { rawValue % 2 == 0 }
}
