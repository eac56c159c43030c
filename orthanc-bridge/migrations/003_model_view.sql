-- Sentinelle bridge: the image as the model saw it, per analysed image. The worker keeps the
-- network's input (contrast-normalised inside the detected breast) as a small PNG on the original
-- image's geometry, so a reader can check what the AI looked at; replaced when the study is
-- analysed again, gone with its analysis.
CREATE TABLE analysis_model_view (
  analysis_id      bigint NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
  -- The analysis revision (image set) this view belongs to.
  revision         integer NOT NULL,
  sop_instance_uid text NOT NULL,
  -- 8-bit grayscale PNG, width × height, stretched over the image's columns × rows.
  png              bytea NOT NULL,
  width            integer NOT NULL CHECK (width > 0),
  height           integer NOT NULL CHECK (height > 0),
  image_columns    integer NOT NULL CHECK (image_columns > 0),
  image_rows       integer NOT NULL CHECK (image_rows > 0),
  PRIMARY KEY (analysis_id, sop_instance_uid)
);
