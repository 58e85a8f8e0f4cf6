import RapportModel
public enum JPlaceholder {}
