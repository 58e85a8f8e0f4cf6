/// A mouse click or wheel turn at a cell of the screen.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable {
        case left
        case middle
        case right
        case scrollUp
        case scrollDown
    }

    public var x: Int
    public var y: Int
    public var button: Button

    public init(x: Int, y: Int, button: Button) {
        self.x = x
        self.y = y
        self.button = button
    }
}
