import './base.css';
import './viewer.css';
import './filter.css';
import './sidebar.css';
import './validation.css';
import './batch.css';
import './dandi.css';
import './collection.css';
