import CNcursesw
public enum TPlaceholder {}
