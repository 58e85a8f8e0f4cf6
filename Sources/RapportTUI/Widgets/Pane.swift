/// A framed region with a title: the border every pane and overlay sits in.
///
/// The focused pane is drawn with heavy lines and a bold title as well as its
/// colour, so focus is visible on a monochrome terminal too.
public struct Pane: Widget, Sendable {
    public var title: String
    public var isFocused: Bool

    public init(title: String, isFocused: Bool = false) {
        self.title = title
        self.isFocused = isFocused
    }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        canvas.drawBox(rect,
                       glyphs: isFocused ? .heavy : .light,
                       style: isFocused ? .borderFocused : .border,
                       title: title,
                       titleStyle: isFocused ? .title : Style(.title))
    }

    /// The area inside the frame, where the pane's content goes.
    public func contentRect(in rect: Rect) -> Rect {
        rect.inset(by: 1)
    }
}
