/// Something that can draw itself into a rectangle of a canvas.
///
/// Widgets are values built fresh each frame from the state they show; they keep
/// nothing between frames and never read anything but their own fields.
public protocol Widget {
    func render(in rect: Rect, on canvas: inout Canvas)
}
