"""The Qt Widgets front end: windows, panes, models and delegates. Calls services, never SQL or files."""
