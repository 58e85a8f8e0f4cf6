import RapportModel

/// Everything a key can ask the dashboard to do.
public enum DashboardAction: Hashable, Sendable {
    case up, down, top, bottom, pageDown, pageUp
    case nextPane, previousPane, paneLeft, paneRight
    case goTo(DashboardPane)
    case open, back, filter, help, quit, redraw
    case focusAccount, clearAccountFilter
    /// The focused pane's filter cleared, or with none, the one-account view.
    case clearFilter
    case logInteraction, openComplaint, recordPayment, addPromise
    case callerCheck
    /// The whole book: mix, concentration, referrals, causes, accounts at risk.
    case portfolio
    case nextField, previousField, submit
    /// A step of the complaint protocol (or assign, link, a cause, an incident) on the
    /// selected complaint, or on every marked one.
    case complaintStep(Verb)
    case urgencyBreakdown, toggleMark, clearMarks, cycleComplaintFilter
}
