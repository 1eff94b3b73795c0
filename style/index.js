import './base.css';
import './viewer.css';
