"""Small pieces every workspace shares, one place each: money text, item lists, the filter bar, banners."""
