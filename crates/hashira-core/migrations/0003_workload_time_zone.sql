-- The workbook's time zone: every surface (app, PDF, Excel, CLI) shows times in it. A fixed
-- UTC offset ("+09:00"), not a zone name, so that a printed time never depends on the tz
-- database of the machine that prints it. Japanese institutions review in JST: the default.
ALTER TABLE workload ADD COLUMN time_zone TEXT NOT NULL DEFAULT '+09:00'
    CHECK (time_zone GLOB '[+-][0-1][0-9]:[0-5][0-9]');
